import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * A mini program's backend on node:http. The mini program POSTs the code `wx.login()` gave it to
 * /login as {"code": "…"}; the backend redeems it once with code2Session, for its own appId, and
 * answers a session token of its own. The session_key stays here.
 *
 * `sessions` is a SessionService over the superapp's store, with the superapp's secret.
 * `allowedOrigin` is the mini program page's origin, for the browser's CORS check.
 */
export function createLoginBackend({ sessions, appId, allowedOrigin }) {
  const logins = new Map(); // token → { openid, sessionKey, unionid }: yours is a database, with an expiry

  async function handle(req, res) {
    const cors = req.headers.origin === allowedOrigin ? { 'access-control-allow-origin': allowedOrigin } : {};
    const send = (status, body) =>
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...cors }).end(JSON.stringify(body));
    if (req.method === 'OPTIONS' && cors['access-control-allow-origin']) {
      // The preflight a browser sends before a JSON POST from the mini program's page.
      res.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type' }).end();
      return;
    }
    if (req.url !== '/login') return send(404, { error: 'not found' });
    if (req.method !== 'POST') return send(405, { error: 'POST {"code": "…"}' });
    const code = await readCode(req);
    if (code === undefined) return send(400, { error: 'expected a JSON body {"code": "…"}' });

    const answer = await sessions.code2Session(appId, code); // this backend's appId, never one from the request
    if ('errcode' in answer) return send(401, { errcode: answer.errcode, error: answer.errmsg }); // 40029, 40163: wx.login again

    const token = randomBytes(24).toString('base64url');
    logins.set(token, { openid: answer.openid, sessionKey: answer.session_key, unionid: answer.unionid });
    send(200, { token });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      // code2Session rejects only without crypto.subtle or when unionIdOf throws; the code stays redeemable.
      console.error('login backend:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"try again"}');
    });
  });
  return { server, logins };
}

/** The body's `code`, or undefined for anything else. A code is 32 characters: a body past 1 KiB is not a login. */
async function readCode(req) {
  let text = '';
  for await (const chunk of req.setEncoding('utf8')) {
    text += chunk;
    if (text.length > 1024) return undefined;
  }
  try {
    const body = JSON.parse(text);
    return typeof body?.code === 'string' ? body.code : undefined;
  } catch {
    return undefined;
  }
}
