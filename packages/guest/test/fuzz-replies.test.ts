// The guest under property-based fuzzing: forged, guessed and duplicated replies among hostile
// messages. Fixed seed; `npm run fuzz` runs far more.
import { fuzzGuest } from '../../tooling/test-support/fuzz-properties';

test('a call settles only with a reply to its own id, exactly once, whatever else arrives', async () => {
  const report = await fuzzGuest({ runs: 300, seed: 20240607 });
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ crashes: 0, pollutions: 0, hangs: 0, violations: 0 });
  expect(report.cases).toBeGreaterThan(1000);
}, 60_000);
