// The Redis floor: GETDEL on keys set beforehand, `connections` at a time on one node-redis client
// (as many in flight as the HTTP contenders have connections), each key once. Operations per
// second and latency, as the store's `take` would see Redis with nothing of wxbridge around it.
import { quantile } from '../stats.mjs';
import { redisClient } from './redis-client.mjs';

/** What a code record holds, about: the value each key gets. */
const VALUE = JSON.stringify({ appId: 'wx0000000000000000', user: 'bench-user-000000', sessionKey: 'x'.repeat(24), issuedAt: Date.now() });
let client;
let batch = 0;

export async function getdelFloor(url, { connections, amount }) {
  client ??= await redisClient(url);
  const prefix = `bench-getdel:${batch++}:`;
  for (let i = 0; i < amount; i += 1000) {
    const pairs = [];
    for (let j = i; j < Math.min(i + 1000, amount); j++) pairs.push([prefix + j, VALUE]);
    await client.mSet(pairs);
  }
  const latencies = new Float64Array(amount);
  let next = 0;
  let missing = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < amount) {
        const i = next++;
        const sent = performance.now();
        if ((await client.getDel(prefix + i)) === null) missing++;
        latencies[i] = performance.now() - sent;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = Array.from(latencies);
  return { count: amount, seconds, rate: amount / seconds, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), failed: missing };
}
