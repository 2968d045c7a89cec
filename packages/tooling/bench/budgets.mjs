// The budgets, checked against one run's results. Each check names the figures it used.

import { serverBudgets } from './server/budgets.mjs';
import { median } from './stats.mjs';

const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : String(value));

/**
 * `a` over `b`, round by round (both ran in every round, side by side), then the median: steadier
 * than comparing two medians taken over rounds of a drifting machine.
 */
export function pairedRatio(a, b) {
  return median(a.values.map((value, i) => value / b.values[i]));
}

export function checkBudgets(results) {
  const checks = [];
  const add = (name, holds, measured, limit) => checks.push({ name, holds: Boolean(holds), measured, limit });
  const node = results.node;
  if (node) {
    const { wxbridge, comlink } = node.latency;
    const vsComlink = pairedRatio(wxbridge, comlink);
    add(
      'Node MessageChannel, one call at a time: wxbridge ≤ 1.2× raw and below comlink',
      wxbridge.ratio <= 1.2 && vsComlink < 1,
      `${fmt(wxbridge.ratio)}× raw (${fmt(wxbridge.median)} µs); ${fmt(vsComlink)}× comlink`,
      '≤ 1.20× raw, < 1× comlink',
    );
    const t = node.throughput[1000];
    const [overComlink, overPenpal] = [pairedRatio(t.wxbridge, t.comlink), pairedRatio(t.wxbridge, t.penpal)];
    add(
      'Node, 1 000 in flight: wxbridge ≥ 1.0× the raw one-message-per-call floor and above comlink and penpal',
      t.wxbridge.ratio >= 1 && overComlink > 1 && overPenpal > 1,
      `${fmt(t.wxbridge.ratio)}× raw (${Math.round(t.wxbridge.median)}/s); ${fmt(overComlink)}× comlink, ${fmt(overPenpal)}× penpal`,
      '≥ 1.00× raw, > 1× comlink and penpal',
    );
    add('Handshake in Node ≤ 1 ms median', node.startup.wxbridge.median <= 1000, `${fmt(node.startup.wxbridge.median / 1000, 3)} ms`, '≤ 1 ms');
  }
  const worker = results.worker;
  if (worker) {
    const t = worker.throughput[1000].wxbridge;
    add(
      'Node, host in a worker_thread, 1 000 in flight: wxbridge ≥ 1.0× the raw floor in the same arrangement',
      t.ratio >= 1,
      `${fmt(t.ratio)}× raw (${Math.round(t.median)}/s)`,
      '≥ 1.00× raw',
    );
  }
  const string = results.string;
  if (string) {
    const l = string.latency.wxbridge;
    add('String bridge (JSON text both ways), one call at a time: wxbridge ≤ 1.2× raw JSON', l.ratio <= 1.2, `${fmt(l.ratio)}× raw JSON (${fmt(l.median)} µs)`, '≤ 1.20× raw JSON');
  }
  const browser = results.browser;
  if (browser) {
    const l = browser.latency;
    const [vsComlink, vsPenpal] = [pairedRatio(l.wxbridge, l.comlink), pairedRatio(l.wxbridge, l.penpal)];
    add(
      'Chromium cross-site iframe, one call at a time: wxbridge ≤ 1.1× raw MessagePort and below comlink and penpal',
      l.wxbridge.ratio <= 1.1 && vsComlink < 1 && vsPenpal < 1,
      `${fmt(l.wxbridge.ratio)}× raw port (${Math.round(l.wxbridge.median)} µs); ${fmt(vsComlink)}× comlink, ${fmt(vsPenpal)}× penpal`,
      '≤ 1.10× raw port, < 1× comlink and penpal',
    );
    const t = browser.throughput[1000].wxbridge;
    add(
      'Chromium cross-site iframe, 1 000 in flight: wxbridge ≥ 1.0× raw MessagePort',
      t.ratio >= 1,
      `${fmt(t.ratio)}× raw port (${Math.round(t.median)}/s)`,
      '≥ 1.00× raw port',
    );
  }
  const size = results.size;
  if (size) {
    const guest = size.entries.find((entry) => entry.name === size.budget.entry);
    add(`Guest bundle with every wx API ≤ 4 KB min+gzip`, guest.gzip <= size.budget.gzip, `${guest.gzip} B`, `≤ ${size.budget.gzip} B`);
  }
  const memory = results.memory;
  if (memory) {
    const m = memory.wxbridge;
    add(
      `Heap growth after ${m.calls.toLocaleString('en')} calls ≤ 1 MB, pending maps empty`,
      m.growthMB <= 1 && m.pendingAtEnd === 0,
      `${fmt(m.growthMB, 3)} MB, ${m.pendingAtEnd} pending`,
      '≤ 1 MB, 0 pending',
    );
  }
  if (results.server) checks.push(...serverBudgets(results.server));
  return checks;
}
