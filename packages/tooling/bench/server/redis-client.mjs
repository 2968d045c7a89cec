// node-redis, resolved from @wxbridge/store-redis (the very client the Redis store sends its
// commands with), for what the bench does on Redis directly: the raw GETDEL floor and readiness.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../sources.mjs';

const resolved = createRequire(join(root, 'packages', 'store-redis', 'package.json')).resolve('redis');
const { createClient } = await import(pathToFileURL(resolved).href);

/** A connected client (the store's own settings for what matters here: no offline queue). */
export async function redisClient(url) {
  const client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: false } });
  client.on('error', () => {});
  await client.connect();
  return client;
}
