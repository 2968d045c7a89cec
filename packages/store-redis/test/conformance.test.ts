/**
 * The store contract's conformance suite (packages/tooling/test-support/store-conformance.ts), the
 * same one MemoryStore and FileStore pass, run against the Redis store: in one process, and across
 * 4 real node processes racing on one Redis. Each test gets its own key prefix on one redis-server.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRedisStore } from '@wxbridge/store-redis';
import { bundleForNode } from '../../tooling/test-support/browser-bundle';
import { startRedisServer, type RedisServer } from '../../tooling/test-support/redis-server';
import { describeStoreConformance } from '../../tooling/test-support/store-conformance';

let redis: RedisServer;
let bundleFolder: string | undefined;
let tests = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  if (bundleFolder) fs.rmSync(bundleFolder, { recursive: true, force: true });
});

describeStoreConformance(
  'RedisStore',
  async () => {
    const options = { url: redis.url, prefix: `conformance-${++tests}:` };
    const store = await createRedisStore(options);
    return { store, childArgs: options, close: () => store.close() };
  },
  {
    module() {
      bundleFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-redis-conformance-'));
      const file = path.join(bundleFolder, 'redis-store-child.cjs');
      fs.writeFileSync(file, bundleForNode({ entry: path.join(__dirname, 'fixtures/redis-store-child.ts') }, 'cjs'));
      return file;
    },
  },
);
