import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * A mini program's backend on node:http. The mini program POSTs the code `wx.login()` gave it to
 * /login as {"code": "…"}; the backend redeems it once with the open-platform server's
 * GET /sns/jscode2session, as its own app, and answers a session token of its own. The
 * session_key stays here.
 *
 * `platformUrl` is the open-platform server's base URL (WeChat's is https://api.weixin.qq.com);
 * `appId` and `appSecret` are this mini program's, from the backend's configuration.
 * `allowedOrigin` is the mini program page's origin, for the browser's CORS check.
 */
export function createLoginBackend({ platformUrl, appId, appSecret, allowedOrigin }) {
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

    // This backend's appId and secret, never anything from the request.
    const query = new URLSearchParams({ appid: appId, secret: appSecret, js_code: code, grant_type: 'authorization_code' });
    const answer = await (await fetch(`${platformUrl}/sns/jscode2session?${query}`)).json();
    if (answer.errcode === 40029 || answer.errcode === 40163) {
      // Invalid or used: the mini program calls wx.login again. The message up to its hint and request id.
      return send(401, { errcode: answer.errcode, error: answer.errmsg.split(',')[0] });
    }
    if (typeof answer.openid !== 'string') throw new Error(`jscode2session: ${JSON.stringify(answer)}`); // 45011, -1: the code stays redeemable

    const token = randomBytes(24).toString('base64url');
    logins.set(token, { openid: answer.openid, sessionKey: answer.session_key, unionid: answer.unionid });
    send(200, { token });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      // The server unreachable, or busy: the mini program may retry with the same code.
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
