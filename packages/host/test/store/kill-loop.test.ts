// A process killed with SIGKILL while writing scope, privacy, subscription and session decisions
// through the host's DecisionStore and SessionService over a FileStore: nothing torn, nothing
// acknowledged lost. A short loop here; `npm run fuzz` runs 200 iterations
// (or KILL_ITERATIONS=200 npx jest packages/host/test/store/kill-loop.test.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../tooling/test-support/browser-bundle';
import { bundleKillLoopChild, runKillLoop } from '../../../tooling/test-support/kill-loop';

const ITERATIONS = Number(process.env.KILL_ITERATIONS ?? 12);

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-kill-loop-'));
  bundleKillLoopChild(REPO_ROOT, path.join(scratch, 'child.cjs'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test(`decisions survive a writer killed with SIGKILL mid-write (${ITERATIONS} iterations): no torn file, nothing acknowledged lost`, async () => {
  const report = await runKillLoop({ iterations: ITERATIONS, child: path.join(scratch, 'child.cjs'), folder: path.join(scratch, 'store') });
  console.log(`kill loop: ${report.iterations} kills, ${report.acknowledged} decisions acknowledged, ${report.lost} lost, ${report.corrupt} torn files, ${report.leftovers} temporary leftovers`);
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ iterations: ITERATIONS, lost: 0, corrupt: 0 });
  expect(report.acknowledged).toBeGreaterThan(ITERATIONS); // the writer got work done between kills
}, ITERATIONS * 3_000 + 10_000);
