// The codec under property-based fuzzing, with a fixed seed so every run sees the same cases.
// `npm run fuzz` runs the same property over far more cases.
import { fuzzCodec } from '../../tooling/test-support/fuzz-properties';

test('decodeEnvelope survives 5 000 hostile values: no throw, no pollution, nothing accepted it should refuse', async () => {
  const report = await fuzzCodec({ runs: 5000, seed: 20240607 });
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ cases: 5000, crashes: 0, pollutions: 0, hangs: 0, violations: 0 });
});
