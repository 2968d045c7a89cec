// The sample mini program's developer backend: what a mini program developer writes from WeChat's
// server documentation, with Node's http server, fetch and node:crypto only (nothing of wxbridge),
// so it would run the same against WeChat's api.weixin.qq.com. `wxbridge dev` starts it with:
//   WXBRIDGE_SERVER_URL  the open-platform server's base URL (WeChat: https://api.weixin.qq.com)
//   WX_APPID, WX_APP_SECRET  the mini program's appid and secret
//   PORT, HOST           where to listen
//   ALLOWED_ORIGIN       the mini program's origin, the only one CORS lets call it
//
//   POST /login   {code}                                   → jscode2session → {openid, session}
//   POST /profile {session, rawData, signature, encryptedData, iv} → the verified, decrypted profile
//   POST /send    {session, templateId}                    → cgi-bin/token, subscribe/send → {errcode, errmsg}
//
// `session` is this backend's own login state ("custom login state" in WeChat's docs): a random
// id for the openid and session_key it keeps in memory; the session_key never leaves the backend.
import { createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const API = process.env.WXBRIDGE_SERVER_URL ?? 'https://api.weixin.qq.com';
const APPID = process.env.WX_APPID;
const SECRET = process.env.WX_APP_SECRET;
const ALLOWED_ORIGIN = process.env.ALLOWED_ORIGIN;
if (!APPID || !SECRET) {
  console.error('set WX_APPID and WX_APP_SECRET (wxbridge dev does)');
  process.exit(1);
}

/** session id → {openid, sessionKey} */
const sessions = new Map();
let accessToken; // {token, expiresAt}

class Refused extends Error {}

async function wechat(path, init) {
  const response = await fetch(API + path, init);
  return response.json();
}

/** GET /sns/jscode2session: the code wx.login gave the mini program, for its openid and session_key. */
async function login({ code }) {
  if (typeof code !== 'string' || code === '') throw new Refused('code must be the code wx.login returned');
  const query = new URLSearchParams({ appid: APPID, secret: SECRET, js_code: code, grant_type: 'authorization_code' });
  const answer = await wechat(`/sns/jscode2session?${query}`);
  if (answer.errcode) return { errcode: answer.errcode, errmsg: answer.errmsg };
  const session = randomBytes(16).toString('base64url');
  sessions.set(session, { openid: answer.openid, sessionKey: answer.session_key });
  return { openid: answer.openid, session };
}

function sessionOf(body) {
  const found = sessions.get(body.session);
  if (!found) throw new Refused('log in first (POST /login): no such session');
  return found;
}

/** Open data checks: signature = sha1(rawData + session_key); AES-128-CBC, key = session_key, PKCS#7; watermark.appid. */
function profile(body) {
  const { sessionKey } = sessionOf(body);
  for (const name of ['rawData', 'signature', 'encryptedData', 'iv']) {
    if (typeof body[name] !== 'string') throw new Refused(`${name} is missing: pass what wx.getUserInfo returned`);
  }
  const expected = createHash('sha1').update(body.rawData + sessionKey, 'utf8').digest();
  const given = Buffer.from(body.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { verified: false, reason: 'signature does not match rawData and the session_key' };
  let data;
  try {
    const decipher = createDecipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), Buffer.from(body.iv, 'base64'));
    data = JSON.parse(Buffer.concat([decipher.update(Buffer.from(body.encryptedData, 'base64')), decipher.final()]).toString('utf8'));
  } catch {
    return { verified: false, reason: 'encryptedData cannot be decrypted with the session_key' };
  }
  if (data.watermark?.appid !== APPID) return { verified: false, reason: `the watermark's appid is ${data.watermark?.appid}, not ${APPID}` };
  return { verified: true, profile: data };
}

/** GET /cgi-bin/token, kept until five minutes before it expires. */
async function token() {
  if (accessToken && Date.now() < accessToken.expiresAt) return accessToken.token;
  const query = new URLSearchParams({ grant_type: 'client_credential', appid: APPID, secret: SECRET });
  const answer = await wechat(`/cgi-bin/token?${query}`);
  if (!answer.access_token) throw new Error(`cgi-bin/token: ${answer.errcode} ${answer.errmsg}`);
  accessToken = { token: answer.access_token, expiresAt: Date.now() + (answer.expires_in - 300) * 1000 };
  return accessToken.token;
}

/** A sample value for a keyword, within WeChat's limit for its type. */
function sample(keyword) {
  const type = keyword.replace(/\d+$/, '');
  const now = new Date();
  if (type === 'thing') return 'wxbridge demo order';
  if (type === 'character_string') return `WXB${now.getTime() % 1e8}`;
  if (type === 'time') return now.toISOString().slice(0, 16).replace('T', ' ');
  if (type === 'phrase') return 'Done';
  if (type === 'number') return '1';
  return 'demo';
}

/** The template's keywords from GET /wxaapi/newtmpl/gettemplate, then POST /cgi-bin/message/subscribe/send. */
async function send(body) {
  const { openid } = sessionOf(body);
  if (typeof body.templateId !== 'string') throw new Refused('templateId is missing');
  const accessTokenText = await token();
  const templates = await wechat(`/wxaapi/newtmpl/gettemplate?access_token=${accessTokenText}`);
  const template = templates.data?.find((t) => t.priTmplId === body.templateId);
  const keywords = template ? [...template.content.matchAll(/\{\{(\w+)\.DATA\}\}/g)].map((m) => m[1]) : [];
  const data = Object.fromEntries(keywords.map((keyword) => [keyword, { value: sample(keyword) }]));
  const answer = await wechat(`/cgi-bin/message/subscribe/send?access_token=${accessTokenText}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ touser: openid, template_id: body.templateId, page: 'index', data, miniprogram_state: 'developer', lang: 'en_US' }),
  });
  return { errcode: answer.errcode, errmsg: answer.errmsg, ...(answer.msgid === undefined ? {} : { msgid: answer.msgid }) };
}

const ROUTES = { '/login': login, '/profile': profile, '/send': send };

async function readJson(request) {
  let text = '';
  for await (const chunk of request) {
    text += chunk;
    if (text.length > 64 * 1024) throw new Refused('the body is too large');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Refused('the body must be JSON');
  }
}

const server = createServer(async (request, response) => {
  const cors = ALLOWED_ORIGIN ? { 'access-control-allow-origin': ALLOWED_ORIGIN, vary: 'Origin' } : {};
  const reply = (status, body) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...cors });
    response.end(JSON.stringify(body));
  };
  if (request.method === 'OPTIONS') {
    response.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' });
    response.end();
    return;
  }
  const route = ROUTES[new URL(request.url, 'http://backend').pathname];
  if (!route || request.method !== 'POST') return reply(404, { error: 'POST /login, /profile or /send' });
  try {
    reply(200, await route(await readJson(request)));
  } catch (error) {
    if (error instanceof Refused) return reply(400, { error: error.message });
    console.error(error);
    reply(500, { error: 'the backend failed; see its output' });
  }
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // a browser keeps its connections open
  });
}
