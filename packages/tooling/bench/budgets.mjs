// The budgets, checked against one run's results. Each check names the figures it used.

const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : String(value));

export function checkBudgets(results) {
  const checks = [];
  const add = (name, holds, measured, limit) => checks.push({ name, holds: Boolean(holds), measured, limit });
  const node = results.node;
  if (node) {
    const { wxbridge, comlink } = node.latency;
    add(
      'Node MessageChannel, one call at a time: wxbridge ≤ 1.3× raw and below comlink',
      wxbridge.ratio <= 1.3 && wxbridge.median < comlink.median,
      `${fmt(wxbridge.ratio)}× raw (${fmt(wxbridge.median)} µs); comlink ${fmt(comlink.median)} µs`,
      '≤ 1.30× raw, < comlink',
    );
    const t = node.throughput[1000];
    add(
      'Node, 1 000 in flight: wxbridge ≥ 0.7× raw and above comlink and penpal',
      t.wxbridge.ratio >= 0.7 && t.wxbridge.median > t.comlink.median && t.wxbridge.median > t.penpal.median,
      `${fmt(t.wxbridge.ratio)}× raw (${Math.round(t.wxbridge.median)}/s); comlink ${Math.round(t.comlink.median)}/s, penpal ${Math.round(t.penpal.median)}/s`,
      '≥ 0.70× raw, > comlink, > penpal',
    );
    add('Handshake in Node ≤ 1 ms median', node.startup.wxbridge.median <= 1000, `${fmt(node.startup.wxbridge.median / 1000, 3)} ms`, '≤ 1 ms');
  }
  const browser = results.browser;
  if (browser) {
    const l = browser.latency;
    add(
      'Chromium iframe: wxbridge ≤ 1.2× raw MessagePort and below comlink and penpal',
      l.wxbridge.ratio <= 1.2 && l.wxbridge.median < l.comlink.median && l.wxbridge.median < l.penpal.median,
      `${fmt(l.wxbridge.ratio)}× raw port (${Math.round(l.wxbridge.median)} µs); comlink ${Math.round(l.comlink.median)} µs, penpal ${Math.round(l.penpal.median)} µs`,
      '≤ 1.20× raw port, < comlink, < penpal',
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
  return checks;
}
