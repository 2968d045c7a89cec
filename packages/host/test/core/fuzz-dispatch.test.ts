// The dispatcher under property-based fuzzing: sequences of hostile messages on fresh
// connections of a host with every rule on. Fixed seed; `npm run fuzz` runs far more.
import { fuzzDispatch } from '../../../tooling/test-support/fuzz-properties';

test('the host answers hostile message sequences exactly once, never crashes, never pollutes, leaks nothing', async () => {
  const report = await fuzzDispatch({ runs: 300, seed: 20240607 });
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ crashes: 0, pollutions: 0, hangs: 0, violations: 0 });
  expect(report.cases).toBeGreaterThan(2000);
}, 60_000);
