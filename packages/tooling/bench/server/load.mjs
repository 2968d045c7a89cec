// The load: autocannon, programmatically, HTTP/1.1 keep-alive over loopback, `connections` at once.
// Every answer is read and judged (`check(status, body)` says whether it is a success), and every
// round trip is timed here (autocannon's own histogram rounds to whole milliseconds).
import autocannon from 'autocannon';
import { quantile } from '../stats.mjs';

/**
 * Runs one load: `request(i)` gives the i-th request's `{method, path, body?}` (each is built when
 * sent, so a request may use a fresh code); `amount` requests in all, or for `duration` seconds.
 * Resolves with `{count, seconds, rate, p50, p99, failed, firstFailure}` (latencies in ms).
 */
export async function load({ url, connections, amount, duration, request, check }) {
  let next = 0;
  let failed = 0;
  let firstFailure;
  const latencies = [];
  const instance = autocannon({
    url,
    connections,
    ...(amount === undefined ? { duration } : { amount }),
    timeout: 10,
    requests: [
      {
        setupRequest: (req) => ({ ...req, ...request(next++) }),
        onResponse: (status, body) => {
          if (check(status, body)) return;
          failed++;
          firstFailure ??= `HTTP ${status}: ${String(body).slice(0, 300)}`;
        },
      },
    ],
  });
  instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  const started = performance.now();
  const result = await new Promise((resolve, reject) => {
    instance.on('done', resolve);
    instance.on('error', reject);
  });
  const seconds = (performance.now() - started) / 1000;
  const errors = result.errors + result.timeouts;
  if (errors > 0) {
    failed += errors;
    firstFailure ??= `${result.errors} connection errors, ${result.timeouts} timeouts`;
  }
  const count = latencies.length;
  return { count, seconds, rate: count / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), failed, firstFailure };
}

/** A JSON answer whose errcode is absent or 0, with `fields` present. */
export function okAnswer(...fields) {
  return (status, body) => {
    if (status !== 200) return false;
    try {
      const answer = JSON.parse(body);
      return (answer.errcode === undefined || answer.errcode === 0) && fields.every((field) => answer[field] !== undefined);
    } catch {
      return false;
    }
  };
}
