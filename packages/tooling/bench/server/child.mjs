// One contender's server, in its own process (the load generator runs in the bench's): given a
// JSON config as argv[2], it listens on a free loopback port, sends `{url}` to its parent, and
// answers `{id, getdel}` requests with the raw Redis floor (so the floor's client runs in a
// process like the server's) and `{id}` with the CPU time it has used. It exits when its parent goes away.
//
//   {kind: 'bare'}: node:http answering a constant JSON body (the HTTP floor)
//   {kind: 'files', folder, secret, apps, limits}: @wxbridge/server on a FileStore in `folder`
//   {kind: 'redis', url, prefix, secret, apps, limits}: @wxbridge/server on a Redis store
import { createServer as createHttpServer } from 'node:http';
import { createServer } from '@wxbridge/server';
import { listen } from '@wxbridge/server/node';
import { FileStore } from '@wxbridge/store/node';
import { createRedisStore } from '@wxbridge/store-redis';
import { getdelFloor } from './getdel.mjs';

const BARE_BODY = JSON.stringify({ errcode: 0, errmsg: 'ok' });

async function bare() {
  const http = createHttpServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(BARE_BODY) });
    res.end(BARE_BODY);
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${http.address().port}`;
}

async function wxbridge(config) {
  const store = config.kind === 'files' ? new FileStore(config.folder) : await createRedisStore({ url: config.url, prefix: config.prefix });
  let failures = 0;
  const server = createServer({
    store,
    secret: config.secret,
    apps: config.apps,
    ...config.limits,
    onError: (error) => {
      if (failures++ < 3) console.error(`bench server (${config.kind}):`, error);
    },
  });
  return (await listen(server)).url;
}

const config = JSON.parse(process.argv[2]);
const url = config.kind === 'bare' ? await bare() : await wxbridge(config);
process.on('disconnect', () => process.exit(0));
process.on('SIGINT', () => process.exit(0)); // --cpu-prof writes its profile on a normal exit
process.on('message', async ({ id, getdel }) => {
  try {
    // Without `getdel`: the CPU time this process has used so far (µs), for the CPU per request.
    if (!getdel) return void process.send({ id, result: process.cpuUsage() });
    process.send({ id, result: await getdelFloor(config.url, getdel) });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
process.send({ url });
