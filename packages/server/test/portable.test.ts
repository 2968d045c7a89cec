/**
 * The core is Web-standard: src/ (but src/node/) bundles for a browser-like platform with no Node
 * built-in, and `fetch` answers plain `Request`s without the Node listener (as Deno.serve, Bun.serve
 * or a worker would call it), the body cap included.
 */
import { buildSync } from 'esbuild';
import * as path from 'node:path';
import { MemoryStore } from '@wxbridge/store';
import { createServer } from '@wxbridge/server';
import { SOURCE_ALIASES } from '../../tooling/test-support/browser-bundle';
import { APP, SECRET } from './harness';

test('the core bundles with no Node built-in', () => {
  const result = buildSync({
    entryPoints: [path.join(__dirname, '../src/index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    alias: { ...SOURCE_ALIASES },
  });
  expect(result.errors).toEqual([]);
  expect(result.outputFiles[0]!.text).not.toMatch(/from\s*["']node:|require\(["']node:/);
});

test('fetch answers Web Requests directly, with the caller-given remote address as the client', async () => {
  const server = createServer({ store: new MemoryStore(), secret: SECRET, apps: [APP], perClientPerMinute: 1 });
  const health = await server.fetch(new Request('https://api.example.com/health'));
  expect(health.headers.get('request-id')).toMatch(/^[0-9a-f]{8}-/);
  expect(await health.json()).toEqual({ status: 'ok' });
  const token = await server.fetch(new Request(`https://api.example.com/cgi-bin/token?grant_type=client_credential&appid=${APP.appId}&secret=${APP.secret}`), { remoteAddress: '192.0.2.1' });
  expect(await token.json()).toEqual({ access_token: expect.any(String), expires_in: 7200 });
  const again = await server.fetch(new Request('https://api.example.com/nothing'), { remoteAddress: '192.0.2.1' });
  expect((await again.json()).errcode).toBe(45011);
  const other = await server.fetch(new Request('https://api.example.com/nothing'), { remoteAddress: '192.0.2.2' });
  expect((await other.json()).errcode).toBe(40066);
});

test('a streamed body past maxBodyBytes is cancelled where it crosses the cap', async () => {
  const server = createServer({ store: new MemoryStore(), secret: SECRET, apps: [APP], maxBodyBytes: 100 });
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      controller.enqueue(new Uint8Array(60));
    },
    cancel() {
      cancelled = true;
    },
  });
  const init = { method: 'POST', body, duplex: 'half' } as RequestInit;
  const answer = await server.fetch(new Request('https://api.example.com/cgi-bin/stable_token', init));
  expect(answer.status).toBe(413);
  expect((await answer.json()).errcode).toBe(45002);
  expect(cancelled).toBe(true);
  expect(pulled).toBeLessThanOrEqual(3);
});
