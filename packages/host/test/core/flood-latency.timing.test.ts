// Another mini program keeps its latency while one floods the same host: its median round trip
// during the flood stays within 2× of its quiet median. Interleaved phases, medians over many
// samples, up to three attempts on a noisy machine. The ratios are printed.
import { describeReport, measureWithRetries } from '../../../tooling/test-support/flood-latency';

const BOUND = 2;

test('a mini program flooding calls and prompts through the reference guest leaves the other within 2× of its quiet median', async () => {
  const reports = await measureWithRetries('calls', BOUND);
  console.log(reports.map(describeReport).join('\n'));
  const best = reports[reports.length - 1]!;
  expect(best.floodWork).toBeGreaterThan(10_000); // the flood was real
  expect(best.cutOff).toBeUndefined(); // and it was served, not cut off: it waits for its answers
  expect(best.ratio).toBeLessThanOrEqual(BOUND);
}, 120_000);

test('a hostile guest posting without waiting is cut off, and the other mini program stays within 2× of its quiet median', async () => {
  const reports = await measureWithRetries('raw', BOUND);
  console.log(reports.map(describeReport).join('\n'));
  const best = reports[reports.length - 1]!;
  expect(best.cutOff).toBe('too many messages');
  expect(best.ratio).toBeLessThanOrEqual(BOUND);
}, 120_000);

test('a guest posting few but costly messages (1 MB of [[[…]]], ~1 MB flat objects) is cut off for its bytes, and the other mini program keeps its p99 within 2× of quiet', async () => {
  const reports = await measureWithRetries('costly', BOUND, 3, 'p99Ratio');
  console.log(reports.map(describeReport).join('\n'));
  const best = reports[reports.length - 1]!;
  expect(best.cutOff).toBe('too much data');
  expect(best.p99Ratio).toBeLessThanOrEqual(BOUND);
}, 180_000);
