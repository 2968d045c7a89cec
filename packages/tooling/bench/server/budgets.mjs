// The server suite's budgets (issue 17): checked by budgets.mjs with the others.

const fmt = (value) => (Number.isFinite(value) ? value.toFixed(2) : String(value));

export function serverBudgets(server) {
  const checks = [];
  const add = (name, holds, measured, limit) => checks.push({ name, holds: Boolean(holds), measured, limit });
  const { contenders, endToEnd: e2e } = server;
  const redis = contenders['jscode2session, Redis'];
  const files = contenders['jscode2session, files'];
  add(
    `Server on Redis, jscode2session at ${server.connections} connections: ≥ 0.5× bare node:http req/s, p99 ≤ 10 ms`,
    redis.ratio >= 0.5 && redis.p99 <= 10,
    `${fmt(redis.ratio)}× (${Math.round(redis.median)}/s), p99 ${fmt(redis.p99)} ms`,
    '≥ 0.50×, ≤ 10 ms',
  );
  add('Server on the files store, jscode2session: ≥ 0.25× bare node:http req/s', files.ratio >= 0.25, `${fmt(files.ratio)}× (${Math.round(files.median)}/s)`, '≥ 0.25×');
  add(
    `Server suite: every answer checked and a success; end to end ${e2e.programs} mini programs, every code redeemed exactly once`,
    server.failures.length === 0,
    server.failures.length === 0 ? `${e2e.codes} codes end to end, 0 failed answers` : server.failures.join('; ').slice(0, 300),
    '0 failures',
  );
  return checks;
}
