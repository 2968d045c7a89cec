// `node examples/login-round-trip.mjs`: a mini program calls wx.login (v2), sends the code to its
// backend (examples/login-backend.mjs, over real HTTP), and the backend redeems it, once, with the
// open-platform server's GET /sns/jscode2session (over real HTTP too). The superapp's host and the
// server share one FileStore folder and one secret, as two processes on one machine would
// (docs/backend.md); the backend knows only the server's URL and its app's secret.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectGuest, createPortTransport as guestPortTransport } from '@wxbridge/guest';
import { createHost, createPortTransport, SessionService } from '@wxbridge/host';
import { FileStore } from '@wxbridge/host/node';
import { createServer } from '@wxbridge/server';
import { listen } from '@wxbridge/server/node';
import { createLoginBackend } from './login-backend.mjs';

const appId = 'wx1234567890';
const appSecret = 'example-only: the app secret its backend is configured with';
const folder = mkdtempSync(join(tmpdir(), 'wxbridge-sessions-'));
const secret = 'example-only: read it from your configuration'; // the same in the host and the server

// The superapp: its host issues v2 login codes into the shared store.
const host = createHost({
  apiVersion: { login: 'v2', checkSession: 'v2' },
  user: () => 'alice', // your sign-in
  sessions: new SessionService({ store: new FileStore(folder), secret }),
});

// The open-platform server: the same folder and secret, and the apps it serves.
const platform = await listen(createServer({ store: new FileStore(folder), secret, apps: [{ appId, secret: appSecret }] }), { port: 0 });

// The mini program's backend: the server's URL and its app's secret, nothing of the store.
const { server, logins } = createLoginBackend({ platformUrl: platform.url, appId, appSecret, allowedOrigin: `https://${appId}.apps.example` });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const loginUrl = `http://127.0.0.1:${server.address().port}/login`;

// The mini program, over a MessageChannel here (a web view or an iframe in a superapp).
const { port1, port2 } = new MessageChannel();
host.connect(createPortTransport(port1), { appId });
const { wx, dispose } = connectGuest({ transport: guestPortTransport(port2) });

try {
  const { code } = await wx.login();
  console.log(`mini program: wx.login gave a code of ${code.length} characters`);
  const post = (body) => fetch(loginUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const first = await post({ code });
  const { token } = await first.json();
  console.log(`backend: POST /login → ${first.status}, a token of ${token.length} characters`);
  const { openid } = logins.get(token);
  console.log(`backend: the user's openid is the host's: ${openid === (await host.sessions.openIdOf(appId, 'alice'))}`);

  const again = await post({ code });
  console.log(`backend: the same code again → ${again.status} ${JSON.stringify(await again.json())}`);
  const forged = await post({ code: 'A'.repeat(32) });
  console.log(`backend: a made-up code → ${forged.status} ${JSON.stringify(await forged.json())}`);
} finally {
  dispose();
  host.dispose();
  port1.close();
  server.closeAllConnections();
  server.close();
  await platform.close();
  rmSync(folder, { recursive: true, force: true });
}
