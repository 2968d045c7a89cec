// End to end: `programs` connected mini programs, each its own app over its own MessageChannel to
// one host (wx.login on the v2 standard, a SessionService on the deployment's Redis store), each
// logging in again and again while a backend in this process redeems every code over HTTP (fetch,
// GET /sns/jscode2session) from the server, a process of its own on the same Redis. Afterwards
// every code is redeemed a second time, which must answer 40163: each was redeemed exactly once.
import { connectGuest } from '@wxbridge/guest';
import { SessionService, createHost, createPortTransport } from '@wxbridge/host';
import { quantile } from '../stats.mjs';
import { APP_SECRET, SECRET } from './fixtures.mjs';

/** The apps of the mini programs, which the server must serve too. */
export const programApps = (programs) =>
  Array.from({ length: programs }, (_, i) => ({ appId: `wxbenchapp${String(i).padStart(7, '0')}`, secret: APP_SECRET }));

const userOf = (appId) => `user-of-${appId}`;

function redeemUrl(server, appId, code) {
  const query = new URLSearchParams({ appid: appId, secret: APP_SECRET, js_code: code, grant_type: 'authorization_code' });
  return `${server}/sns/jscode2session?${query}`;
}

async function connectPrograms(host, apps) {
  return Promise.all(
    apps.map(async ({ appId }) => {
      const { port1, port2 } = new MessageChannel();
      const connection = host.connect(createPortTransport(port1), { appId });
      const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
      await bridge.ready;
      return { appId, bridge, close: () => (bridge.dispose(), connection.dispose(), port1.close(), port2.close()) };
    }),
  );
}

/**
 * Runs the programs for `warmupSeconds`, then `seconds` counted; resolves with codes/s, the login
 * plus redemption round trip (p50, p99 in ms), and what was lost or redeemed twice.
 */
export async function endToEnd({ server, store, programs, seconds, warmupSeconds }) {
  const sessions = new SessionService({ store, secret: SECRET, codesPerMinute: 1e6 });
  const host = createHost({ sessions, apiVersion: { login: 'v2' }, user: (app) => userOf(app.appId), loginsPerMinute: 1e6 });
  const apps = programApps(programs);
  const openids = new Map(await Promise.all(apps.map(async ({ appId }) => [appId, await sessions.openIdOf(appId, userOf(appId))])));
  const connected = await connectPrograms(host, apps);
  const issued = [];
  const latencies = [];
  let wrong = 0;
  let firstWrong;
  let counting = false;
  let stopping = false;
  const loop = async ({ appId, bridge }) => {
    while (!stopping) {
      const started = performance.now();
      const { code } = await bridge.wx.login();
      const answer = await (await fetch(redeemUrl(server, appId, code))).json();
      if (answer.openid !== openids.get(appId)) {
        wrong++;
        firstWrong ??= JSON.stringify(answer).slice(0, 300);
      }
      issued.push([appId, code]);
      if (counting) latencies.push(performance.now() - started);
    }
  };
  const loops = Promise.all(connected.map(loop));
  await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1000));
  counting = true;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const counted = latencies.length;
  const elapsed = (performance.now() - started) / 1000;
  stopping = true;
  await loops;
  // Every code once more: each must now be "code been used".
  let twice = 0;
  for (let i = 0; i < issued.length; i += 200) {
    const answers = await Promise.all(issued.slice(i, i + 200).map(async ([appId, code]) => (await fetch(redeemUrl(server, appId, code))).json()));
    twice += answers.filter((answer) => answer.errcode !== 40163).length;
  }
  for (const program of connected) program.close();
  return {
    programs,
    codes: issued.length,
    rate: counted / elapsed,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    lost: wrong,
    redeemedTwice: twice,
    firstFailure: firstWrong,
  };
}
