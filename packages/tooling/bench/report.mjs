// The report: one run's results as a markdown document (the tables), and an SVG chart of latency
// and throughput per library, both relative to the raw channel of the same run.

const LIBRARIES = ['raw', 'wxbridge', 'wxbridge, batching off', 'comlink', 'penpal'];
const BROWSER_RAW = 'raw MessagePort';
const BROWSER_LIBRARIES = ['raw window.postMessage', BROWSER_RAW, 'wxbridge', 'comlink', 'penpal'];

const int = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '–');
const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const ratio = (entry) => (entry?.ratio === undefined ? '1.00×' : `${fixed(entry.ratio, 2)}×`);
const bytes = (n) => (n >= 1e6 ? `${n / 1e6} MB` : n >= 1e3 ? `${n / 1e3} KB` : `${n} B`);
const micro = (us) => (us >= 10_000 ? `${fixed(us / 1000, 1)} ms` : us >= 100 ? `${int(us)} µs` : `${fixed(us, 1)} µs`);

function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function latencyTable(latency, names) {
  return table(
    ['library', 'median round trip', '× raw'],
    names.map((name) => [name, micro(latency[name].median), ratio(latency[name])]),
  );
}

function throughputTable(throughput, names) {
  const levels = Object.keys(throughput);
  return table(
    ['library (calls/s)', ...levels.map((c) => `${int(Number(c))} in flight`)],
    names.map((name) => [name, ...levels.map((c) => `${int(throughput[c][name].median)} (${ratio(throughput[c][name])})`)]),
  );
}

function payloadTable(payload) {
  const sizes = Object.keys(payload);
  const names = Object.keys(payload[sizes[0]]);
  return table(
    ['result size', ...names],
    sizes.map((size) => [bytes(Number(size)), ...names.map((name) => `${micro(payload[size][name].median)} (${ratio(payload[size][name])})`)]),
  );
}

/** Per transport and size: the JSON-text round trip over the structured-clone one (< 1: text is faster). */
function encodingTable(rows) {
  const sizes = Object.keys(rows[0].payload);
  return table(
    ['JSON text ÷ structured clone', ...sizes.map((size) => bytes(Number(size)))],
    rows.map(({ label, payload, object, text }) => [
      label,
      ...sizes.map((size) => `${fixed(payload[size][text].median / payload[size][object].median, 2)}`),
    ]),
  );
}

export function renderMarkdown(results, checks) {
  const out = [];
  const { meta, node, worker, string, browser, size, memory, scale } = results;
  out.push('# wxbridge benchmark', '');
  out.push(
    `${meta.date}, ${meta.cpus}× ${meta.cpu}, Node ${meta.node}${browser ? `, Chromium ${browser.chromium}` : ''}${meta.quick ? ' (quick run: fewer rounds, rougher figures)' : ''}. ` +
      'Every comparison ran its contenders in one process, interleaved (A B C …, then reversed), over several rounds; a figure is the median over rounds, a ratio the median of the per-round ratios to the raw channel. ' +
      'Method and budgets: [docs/performance.md](../performance.md).',
    '',
  );
  if (checks.length) {
    out.push('## Budgets', '');
    out.push(table(['budget', 'measured', 'limit', 'holds'], checks.map((c) => [c.name, c.measured, c.limit, c.holds ? 'yes' : '**no**'])), '');
  }
  if (node) {
    out.push('## Node, one MessageChannel', '');
    out.push(
      'Raw: request/reply with an id map (the floor). wxbridge: `wx.login` through the full guest and host, with batching (the default: what one task sends goes as one message) and with a host that accepts none (`maxBatch: 1`, one envelope per message both ways). comlink: `wrap`/`expose`. penpal: `PortMessenger`. The same `login` result from every handler.',
      '',
    );
    out.push('### Latency (one call at a time)', '', latencyTable(node.latency, LIBRARIES), '');
    out.push('### Throughput (calls/s, × raw)', '', throughputTable(node.throughput, LIBRARIES), '');
    if (node.anatomy) {
      const names = Object.keys(node.anatomy.latency);
      out.push(
        '### Where the cost goes',
        '',
        "The raw channel carrying wxbridge's envelopes (the wire format's own cost), the same envelopes as positional arrays (what dropping the member names from the wire could win; not a wxbridge format), the real guest against a scripted host, a scripted guest against the real host (the scripted sides answer with fixed envelopes and check nothing), and both real.",
        '',
        table(
          ['', 'round trip', '× raw', 'calls/s, 100 in flight', '× raw'],
          names.map((name) => [
            name,
            micro(node.anatomy.latency[name].median),
            ratio(node.anatomy.latency[name]),
            int(node.anatomy.throughput[name].median),
            ratio(node.anatomy.throughput[name]),
          ]),
        ),
        '',
      );
    }
  }
  const suite = (title, intro, results, rawName) => {
    const names = Object.keys(results.latency);
    out.push(`## ${title}`, '', intro, '');
    out.push('### Latency (one call at a time)', '', latencyTable(results.latency, names), '');
    out.push(`### Throughput (calls/s, × ${rawName})`, '', throughputTable(results.throughput, names), '');
  };
  if (worker) {
    suite(
      'Node, host in a worker_thread',
      'The realistic Node deployment: the host in a worker_thread, the guest in the main thread, one MessageChannel between the threads. Raw: request/reply with an id map against a responder in a worker (the floor, in the same arrangement). wxbridge with batching and without.',
      worker,
      'raw',
    );
  }
  if (string) {
    suite(
      'String bridge (JSON text both ways)',
      "As React Native, Android and iOS web views carry it: the guest's native transport (the React Native bridge, with the session key) and the host's webview transport, the texts crossing a MessageChannel, with batching and without, against raw JSON text request/reply (`JSON.stringify` and `JSON.parse` on both sides).",
      string,
      'raw JSON text',
    );
  }
  if (browser) {
    out.push('## Chromium, cross-origin iframe', '');
    out.push(
      'A superapp page on one site, each contender in an iframe on another site (its own renderer process). Raw: an id map over `window.postMessage` (source and origin checked) or over a private `MessagePort`; wxbridge: frame and parent transports (a private `MessagePort` after the handshake); comlink over a private `MessagePort`; penpal: `WindowMessenger`. Latency is the mean of a batch of sequential calls (a page that is not cross-origin isolated sees `performance.now()` in 100 µs steps).',
      '',
    );
    out.push('### Latency (one call at a time, × raw MessagePort)', '', latencyTable(browser.latency, BROWSER_LIBRARIES), '');
    out.push('### Throughput (calls/s, × raw MessagePort)', '', throughputTable(browser.throughput, BROWSER_LIBRARIES), '');
  }
  if (node || browser) {
    out.push('## Payload growth', '', 'Round trip with a result of each size (structured data: records of numbers, strings, arrays, booleans), × the raw channel with objects.', '');
    if (node) out.push('### Node, MessageChannel', '', payloadTable(node.payload), '');
    if (browser) out.push('### Chromium, cross-origin iframe', '', payloadTable(browser.payload), '');
    const rows = [];
    if (node) {
      rows.push({ label: 'Node MessageChannel, raw', payload: node.payload, object: 'raw', text: 'raw (JSON text)' });
      rows.push({ label: 'Node MessageChannel, wxbridge', payload: node.payload, object: 'wxbridge', text: 'wxbridge (JSON text)' });
    }
    if (browser) {
      for (const name of [BROWSER_RAW, 'raw window.postMessage']) {
        rows.push({ label: `Chromium, ${name}`, payload: browser.payload, object: name, text: `${name} (JSON text)` });
      }
    }
    out.push('### String encoding or structured clone', '', 'Below 1, posting the JSON text (and parsing it) was faster than posting the object.', '', encodingTable(rows), '');
  }
  if (node || browser) {
    out.push('## Start-up (guest created → handshake complete)', '');
    const rows = [];
    if (node) rows.push(['Node, MessageChannel', micro(node.startup.wxbridge.median), micro(node.startup.penpal.median)]);
    if (browser) rows.push(['Chromium, cross-origin iframe', micro(browser.startup.wxbridge.median), '–']);
    out.push(table(['where', 'wxbridge (median)', 'penpal (median)'], rows), '');
  }
  if (size) {
    out.push('## Size (esbuild bundle, minified)', '');
    out.push(table(['bundle', 'minified', 'gzip -9', 'brotli'], size.entries.map((e) => [e.name, int(e.minified), int(e.gzip), int(e.brotli)])), '');
  }
  if (memory) {
    out.push('## Memory (heap after a forced GC)', '');
    out.push(
      table(
        ['', 'after 10 000 calls', `after ${int(memory.wxbridge.calls)} calls`, 'growth', 'pending calls at the end'],
        Object.entries(memory).map(([name, m]) => [name, `${fixed(m.heapAfterFirstMB, 2)} MB`, `${fixed(m.heapAfterAllMB, 2)} MB`, `${fixed(m.growthMB, 3)} MB`, String(m.pendingAtEnd)]),
      ),
      '',
    );
  }
  if (scale) {
    out.push('## Scale (one host, many mini programs, 10 calls in flight each)', '');
    out.push(table(['mini programs', 'overall calls/s', 'median app calls/s', 'slowest app calls/s'], scale.map((s) => [String(s.apps), int(s.overall), int(s.medianApp), int(s.slowestApp)])), '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The chart: two panels (latency, throughput), one bar per library and environment, × raw.

const COLORS = {
  raw: '#9aa0a6',
  'raw (JSON text)': '#9aa0a6',
  'raw MessagePort': '#9aa0a6',
  'raw window.postMessage': '#c8ccd0',
  wxbridge: '#1a73e8',
  'wxbridge, batching off': '#8ab4f8',
  comlink: '#e37400',
  penpal: '#188038',
};
const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');

function panel({ x, y, width, title, note, groups }) {
  const rowHeight = 18;
  const labelWidth = 170;
  const max = Math.max(...groups.flatMap((g) => g.bars.map((b) => b.value)), 1) * 1.15;
  const scale = (v) => ((width - labelWidth - 60) * v) / max;
  const parts = [`<text x="${x}" y="${y}" font-size="14" font-weight="bold">${escape(title)}</text>`, `<text x="${x}" y="${y + 16}" font-size="11" fill="#555">${escape(note)}</text>`];
  let top = y + 30;
  for (const group of groups) {
    parts.push(`<text x="${x}" y="${top + 12}" font-size="12" font-weight="bold">${escape(group.title)}</text>`);
    top += 18;
    const one = top + scale(1);
    for (const bar of group.bars) {
      parts.push(
        `<text x="${x + labelWidth - 6}" y="${top + 13}" font-size="11" text-anchor="end">${escape(bar.name)}</text>`,
        `<rect x="${x + labelWidth}" y="${top + 3}" width="${Math.max(1, scale(bar.value)).toFixed(1)}" height="${rowHeight - 6}" fill="${COLORS[bar.name] ?? '#888'}"/>`,
        `<text x="${x + labelWidth + scale(bar.value) + 4}" y="${top + 13}" font-size="11">${escape(bar.label)}</text>`,
      );
      top += rowHeight;
    }
    const line = x + labelWidth + scale(1);
    parts.push(`<line x1="${line}" x2="${line}" y1="${one - scale(1) - 2}" y2="${top}" stroke="#333" stroke-dasharray="3,3"/>`);
    top += 8;
  }
  return { svg: parts.join('\n'), height: top - y };
}

export function renderChart(results) {
  const { node, worker, string, browser } = results;
  const latencyGroups = [];
  const throughputGroups = [];
  const bars = (entries, names, baseline, label) =>
    names.map((name) => {
      const entry = entries[name];
      const value = name === baseline ? 1 : entry.ratio;
      return { name, value, label: `${fixed(value, 2)}× (${label(entry.median)})` };
    });
  if (node) {
    latencyGroups.push({ title: 'Node, MessageChannel', bars: bars(node.latency, LIBRARIES, 'raw', micro) });
    throughputGroups.push({ title: 'Node, MessageChannel, 1 000 in flight', bars: bars(node.throughput[1000], LIBRARIES, 'raw', (v) => `${int(v)}/s`) });
  }
  if (worker) {
    const names = Object.keys(worker.latency);
    latencyGroups.push({ title: 'Node, host in a worker_thread', bars: bars(worker.latency, names, 'raw', micro) });
    throughputGroups.push({ title: 'Node, host in a worker_thread, 1 000 in flight', bars: bars(worker.throughput[1000], names, 'raw', (v) => `${int(v)}/s`) });
  }
  if (string) {
    const names = Object.keys(string.latency);
    latencyGroups.push({ title: 'String bridge (JSON text)', bars: bars(string.latency, names, 'raw (JSON text)', micro) });
    throughputGroups.push({ title: 'String bridge (JSON text), 1 000 in flight', bars: bars(string.throughput[1000], names, 'raw (JSON text)', (v) => `${int(v)}/s`) });
  }
  if (browser) {
    latencyGroups.push({ title: 'Chromium, cross-origin iframe', bars: bars(browser.latency, BROWSER_LIBRARIES, BROWSER_RAW, micro) });
    throughputGroups.push({ title: 'Chromium, cross-origin iframe, 1 000 in flight', bars: bars(browser.throughput[1000], BROWSER_LIBRARIES, BROWSER_RAW, (v) => `${int(v)}/s`) });
  }
  const width = 560;
  const left = panel({ x: 10, y: 24, width, title: 'Latency, one call at a time', note: '× the raw channel; lower is better', groups: latencyGroups });
  const right = panel({ x: width + 30, y: 24, width, title: 'Throughput', note: '× the raw channel; higher is better', groups: throughputGroups });
  const height = Math.max(left.height, right.height) + 40;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * width + 40}" height="${height}" viewBox="0 0 ${2 * width + 40} ${height}" font-family="sans-serif">`,
    '<rect width="100%" height="100%" fill="#fff"/>',
    left.svg,
    right.svg,
    `<text x="10" y="${height - 8}" font-size="10" fill="#777">${escape(`wxbridge benchmark, ${results.meta.date}; the dashed line is the raw channel (1×)`)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
