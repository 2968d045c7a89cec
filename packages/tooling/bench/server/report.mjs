// The server suite's section of the bench report (markdown).

const int = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '–');
const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : '–');
const times = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

export function renderServerMarkdown(server) {
  const { contenders, endToEnd: e2e } = server;
  const rows = Object.entries(contenders).map(([name, c]) => [
    name,
    int(c.median),
    ms(c.p50),
    ms(c.p99),
    c.ratio === undefined ? '1.00× (floor)' : times(c.ratio),
    c.vsGetdel === undefined ? '' : times(c.vsGetdel),
    `${int(c.cpu)} µs`,
    int(c.requests),
  ]);
  return [
    '## Open-platform server (HTTP/1.1 keep-alive, loopback)',
    '',
    `autocannon, ${server.connections} connections, ${server.rounds} interleaved rounds of ${server.seconds} s per contender after a 1 s warm-up; ` +
      'each server in its own process, the load and the fixtures in the bench\'s. A rate is the median over rounds, a ratio the median of per-round ratios; ' +
      `p50 and p99 are each round's, median over rounds; the server's CPU per request is its process's CPU time (user + system) over the requests. Redis ${server.redis.version}, AOF with appendfsync ${server.redis.appendfsync}. ` +
      'Every jscode2session redeems a fresh code (issued by the host\'s SessionService on the same store and secret), every subscribe/send consumes a one-time acceptance; every answer is checked.',
    '',
    table(['contender', 'req/s', 'p50', 'p99', '× bare http', '× GETDEL', 'server CPU per request', 'requests'], rows),
    '',
    `End to end: ${e2e.programs} mini programs (one host, wx.login v2, a SessionService on Redis) logging in while a backend redeems each code over HTTP: ` +
      `**${int(e2e.rate)} codes/s**, login plus redemption p50 ${ms(e2e.p50)}, p99 ${ms(e2e.p99)}; ${int(e2e.codes)} codes, ${e2e.lost} lost, ${e2e.redeemedTwice} redeemable twice.`,
    '',
    server.failures.length ? `Failures: ${server.failures.join('; ')}` : 'Every answer was the expected success.',
  ].join('\n');
}

/** docs/bench/server.md: the section with when, where and how it was measured, and the server's budgets. */
export function renderServerPage(results, checks) {
  const { meta, server } = results;
  const budgets = checks.filter((check) => check.name.startsWith('Server'));
  return [
    '# wxbridge open-platform server benchmark',
    '',
    `${meta.date}, ${meta.cpus}× ${meta.cpu}, Node ${meta.node}${meta.quick ? ' (quick run: rougher figures)' : ''}. ` +
      'Command: `npm run bench` (the server suite alone: `node packages/tooling/bench/index.mjs --only=server`), on the built packages (dist). ' +
      'Method, what bounds each figure and what was tried: [docs/performance.md](../performance.md#the-open-platform-server).',
    '',
    '## Budgets',
    '',
    table(['budget', 'measured', 'limit', 'holds'], budgets.map((c) => [c.name, c.measured, c.limit, c.holds ? 'yes' : '**no**'])),
    '',
    renderServerMarkdown(server).replace(/^## /, '## '),
  ].join('\n');
}
