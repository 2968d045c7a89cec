// What the contenders redeem and consume, made before each measurement (never timed) through the
// host's own SessionService on the server's store and secret: fresh login codes, each used once,
// and one-time subscription acceptances recorded in the store's records layout.
import { oneTimeKey } from '@wxbridge/store/records';

export const SECRET = 'bench-deployment-secret';
export const APP_ID = 'wxbench0000000001';
export const APP_SECRET = 'bench-app-secret';
export const TEMPLATE_ID = 'bench-order-shipped';
/** The server's apps: one, with a one-time template of two keywords. */
export const APPS = [
  { appId: APP_ID, secret: APP_SECRET, templates: [{ id: TEMPLATE_ID, title: 'Order shipped', kind: 'one-time', keywords: ['thing1', 'time2'] }] },
];
/** The per-client and per-app limits lifted: every request of the bench comes from one address. */
export const LIMITS = { perClientPerMinute: 1e9, perAppPerMinute: 1e9 };
/** Codes per user: under the host's 10 redeemable at once and 20 a minute, and the server's 100 logins a minute. */
const CODES_PER_USER = 5;
const CONCURRENCY = 64;

let batch = 0;

/** Runs `job(i)` for i in [0, count), `CONCURRENCY` at a time. */
async function pool(count, job) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, async () => {
    while (next < count) await job(next++);
  }));
}

/** `count` fresh codes of `APP_ID`, issued by `sessions` for new users (`CODES_PER_USER` each). */
export async function issueCodes(sessions, count) {
  const codes = new Array(count);
  const tag = `b${batch++}`;
  await pool(Math.ceil(count / CODES_PER_USER), async (u) => {
    for (let i = u * CODES_PER_USER; i < Math.min(count, (u + 1) * CODES_PER_USER); i++) {
      codes[i] = (await sessions.issueCode(APP_ID, `bench-user-${tag}-${u}`)).code;
    }
  });
  return codes;
}

/**
 * `sends` one-time acceptances of `TEMPLATE_ID`, spread over `users` new users (known to the
 * server through the host's records, the counters set in the records' layout): resolves with the
 * openids, the i-th send going to `openids[i % users]`.
 */
export async function recordAcceptances(sessions, store, sends, users) {
  const tag = `a${batch++}`;
  const openids = new Array(users);
  await pool(users, async (u) => {
    const openid = await sessions.platform.knowUser(APP_ID, `bench-user-${tag}-${u}`);
    const share = Math.floor(sends / users) + (u < sends % users ? 1 : 0);
    if (share > 0) await store.adjust(oneTimeKey(APP_ID, openid, TEMPLATE_ID), share);
    openids[u] = openid;
  });
  return openids;
}

/** The JSON body of a `subscribe/send` to `openid`. */
export function sendBody(openid) {
  return JSON.stringify({
    touser: openid,
    template_id: TEMPLATE_ID,
    page: 'pages/order/index',
    data: { thing1: { value: 'Parcel on its way' }, time2: { value: '2026-12-07 10:00' } },
  });
}
