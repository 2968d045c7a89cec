// verify_signature over real stores, with real RSA-PSS keys made by Web Crypto: a genuine result is
// accepted once; a replay, another app's or user's result, a bad signature are not; and of many
// servers verifying one result at once, exactly one says is_ok.
import type { SharedStore } from '@wxbridge/store';
import { soterCounterKey, soterKeyKey, toBase64 } from '@wxbridge/store/records';
import { acceptSoterCounter, highestSoterCounter } from '../src/soter/counter';
import { soterVerdict, verifySignature } from '../src/soter/verify';
import { STORES } from './subscriptions-stores';

const APP = 'wx-app-1';
const OTHER_APP = 'wx-app-2';
const ALICE = 'openid-alice';
const BOB = 'openid-bob';
const subtle = globalThis.crypto.subtle;

async function newDevice(): Promise<{ privateKey: CryptoKey; pem: string }> {
  const pair = await subtle.generateKey(
    { name: 'RSA-PSS', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    false,
    ['sign', 'verify'],
  );
  const der = toBase64(new Uint8Array(await subtle.exportKey('spki', pair.publicKey)));
  const pem = `-----BEGIN PUBLIC KEY-----\n${der.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PUBLIC KEY-----\n`;
  return { privateKey: pair.privateKey, pem };
}

async function sign(text: string, privateKey: CryptoKey): Promise<string> {
  return toBase64(new Uint8Array(await subtle.sign({ name: 'RSA-PSS', saltLength: 20 }, privateKey, new TextEncoder().encode(text))));
}

/** A resultJSON as a device builds it: SOTER's fields, then wxbridge's app and user binding. */
function resultJSON(fields: { counter: unknown; appid?: string; openid?: string; raw?: string }): string {
  return JSON.stringify({ raw: fields.raw ?? 'challenge-1', fid: '0', counter: fields.counter, tee_n: 'test-tee', tee_v: '1', fp_n: 'sensor', fp_v: '1', cpu_id: 'cpu', uid: '7', appid: fields.appid ?? APP, openid: fields.openid ?? ALICE });
}

/** is_ok of a verify_signature answer (and a clear failure for an error answer). */
function isOk(answer: { errcode: number; errmsg: string }): boolean {
  if (!('is_ok' in answer) || typeof answer.is_ok !== 'boolean') throw new Error(`expected an is_ok answer, got ${JSON.stringify(answer)}`);
  return answer.is_ok;
}

let device: { privateKey: CryptoKey; pem: string };
let otherDevice: { privateKey: CryptoKey; pem: string };

beforeAll(async () => {
  [device, otherDevice] = await Promise.all([newDevice(), newDevice()]);
});

describe.each(STORES)('verify_signature over $name', (flavour) => {
  let store: SharedStore;
  let open: () => SharedStore;

  beforeEach(async () => {
    ({ store, open } = flavour.create());
    await store.set(soterKeyKey(APP, ALICE), JSON.stringify({ publicKey: device.pem, enrolledAt: 1 }));
  });

  const body = async (json: string, openid = ALICE, key = device.privateKey) => ({ openid, json_string: json, json_signature: await sign(json, key) });
  const verify = async (request: unknown, appId = APP, s = store) => verifySignature({ store: s }, appId, request);

  test('a genuine result is ok, and its counter becomes the highest accepted', async () => {
    expect(await verify(await body(resultJSON({ counter: 3 })))).toEqual({ errcode: 0, errmsg: 'ok', is_ok: true });
    expect(await highestSoterCounter(store, APP, ALICE)).toBe(3);
    expect(await soterVerdict({ store }, APP, await body(resultJSON({ counter: 4 })))).toEqual({ ok: true, counter: 4 });
  });

  test('a replay is not ok; an older result is not either; a newer one is', async () => {
    const first = await body(resultJSON({ counter: 5 }));
    expect(isOk(await verify(first))).toBe(true);
    expect(await verify(first)).toEqual({ errcode: 0, errmsg: 'ok', is_ok: false });
    expect(await soterVerdict({ store }, APP, first)).toEqual({ ok: false, reason: 'counter not increased' });
    expect(await soterVerdict({ store }, APP, await body(resultJSON({ counter: 4 })))).toEqual({ ok: false, reason: 'counter not increased' });
    expect(isOk(await verify(await body(resultJSON({ counter: 6 }))))).toBe(true);
  });

  test("another app's result is not ok, even signed by the same device", async () => {
    await store.set(soterKeyKey(OTHER_APP, ALICE), JSON.stringify({ publicKey: device.pem, enrolledAt: 1 }));
    const relayed = await body(resultJSON({ counter: 1, appid: OTHER_APP }));
    expect(await verify(relayed)).toEqual({ errcode: 0, errmsg: 'ok', is_ok: false });
    expect(await soterVerdict({ store }, APP, relayed)).toEqual({ ok: false, reason: 'app mismatch' });
    expect(isOk(await verify(relayed, OTHER_APP))).toBe(true);
  });

  test("another user's result is not ok", async () => {
    await store.set(soterKeyKey(APP, BOB), JSON.stringify({ publicKey: device.pem, enrolledAt: 1 }));
    const bobs = resultJSON({ counter: 1, openid: BOB });
    expect(await soterVerdict({ store }, APP, await body(bobs, ALICE))).toEqual({ ok: false, reason: 'user mismatch' });
    expect(isOk(await verify(await body(bobs, BOB)))).toBe(true);
  });

  test('a bad signature is not ok: another key, a changed byte, an edited result, not base64', async () => {
    const json = resultJSON({ counter: 1 });
    const good = await body(json);
    const flipped = Buffer.from(good.json_signature, 'base64');
    flipped[10] = flipped[10]! ^ 1;
    const cases = [
      await body(json, ALICE, otherDevice.privateKey),
      { ...good, json_signature: flipped.toString('base64') },
      { ...good, json_string: json.replace('"counter":1', '"counter":2') },
      { ...good, json_string: json + ' ' },
      { ...good, json_signature: 'not base64!' },
    ];
    for (const request of cases) expect(await soterVerdict({ store }, APP, request)).toEqual({ ok: false, reason: 'bad signature' });
    expect(await highestSoterCounter(store, APP, ALICE)).toBe(0);
    expect(isOk(await verify(good))).toBe(true);
  });

  test.each<[string, string]>([
    ['not JSON', 'counter=1'],
    ['a JSON array', '[1]'],
    ['no counter', JSON.stringify({ appid: APP, openid: ALICE })],
    ['a counter that is text', resultJSON({ counter: '9' })],
    ['a fractional counter', resultJSON({ counter: 1.5 })],
  ])('a signed result that is %s is not ok (malformed)', async (_, json) => {
    expect(await soterVerdict({ store }, APP, await body(json))).toEqual({ ok: false, reason: 'malformed result' });
  });

  test('counters start at 1: a result with counter 0 is not ok', async () => {
    expect(await soterVerdict({ store }, APP, await body(resultJSON({ counter: 0 })))).toEqual({ ok: false, reason: 'counter not increased' });
  });

  test.each<[string, Record<string, unknown> | null, string]>([
    ['a body that is not an object', null, 'the body must be a JSON object'],
    ['no openid', { json_string: '{}', json_signature: 'AA==' }, 'openid is missing'],
    ['no json_string', { openid: ALICE, json_signature: 'AA==' }, 'json_string is missing'],
    ['a json_string that is an object', { openid: ALICE, json_string: { counter: 1 }, json_signature: 'AA==' }, 'json_string must be a non-empty string'],
    ['an empty json_signature', { openid: ALICE, json_string: '{}', json_signature: '' }, 'json_signature must be a non-empty string'],
  ])('47001 for %s, naming the field', async (_, request, hint) => {
    expect(await verify(request)).toEqual({ errcode: 47001, errmsg: `data format error, hint: ${hint}` });
  });

  test('40003 for an openid with no enrolled key (none, another app only, an unreadable record)', async () => {
    const invalid = { errcode: 40003, errmsg: 'invalid openid' };
    expect(await verify(await body(resultJSON({ counter: 1, openid: BOB }), BOB))).toEqual(invalid);
    expect(await verify(await body(resultJSON({ counter: 1, appid: OTHER_APP })), OTHER_APP)).toEqual(invalid);
    await store.set(soterKeyKey(APP, BOB), '{"publicKey": 42}');
    expect(await verify(await body(resultJSON({ counter: 1, openid: BOB }), BOB))).toEqual(invalid);
    expect(await verify({ openid: 'x\udc00', json_string: '{}', json_signature: 'AA==' })).toEqual(invalid);
  });

  test('an enrolled record whose key is not a key is an internal error naming the record', async () => {
    await store.set(soterKeyKey(APP, BOB), JSON.stringify({ publicKey: 'not a pem', enrolledAt: 1 }));
    await expect(verify(await body(resultJSON({ counter: 1, openid: BOB }), BOB))).rejects.toThrow(
      `SOTER: the key enrolled at ${soterKeyKey(APP, BOB)} is not an RSA-PSS public key (PEM, SPKI)`,
    );
  });

  test('ten servers verifying one result at once: exactly one says is_ok', async () => {
    const request = await body(resultJSON({ counter: 7 }));
    const answers = await Promise.all(Array.from({ length: 10 }, () => verify(request, APP, open())));
    expect(answers.filter(isOk)).toHaveLength(1);
    expect(answers.filter((a) => !isOk(a))).toHaveLength(9);
    expect(await highestSoterCounter(store, APP, ALICE)).toBe(7);
  });

  test('results racing with different counters: each accepted at most once, the newest always, the highest is the newest', async () => {
    const requests = await Promise.all([3, 9, 5, 8, 4].map((counter) => body(resultJSON({ counter }))));
    const first = await Promise.all(requests.map((request) => verify(request, APP, open())));
    const accepted = first.map(isOk);
    expect(accepted[1]).toBe(true);
    expect(await highestSoterCounter(store, APP, ALICE)).toBe(9);
    const again = await Promise.all(requests.map((request) => verify(request, APP, open())));
    expect(again.every((a) => !isOk(a))).toBe(true);
  });

  test('the counter record holds minus the highest counter, per app and user', async () => {
    expect(await acceptSoterCounter(store, APP, ALICE, 12)).toBe(true);
    expect(await store.get(soterCounterKey(APP, ALICE))).toBe('-12');
    expect(await acceptSoterCounter(store, APP, ALICE, 12)).toBe(false);
    expect(await acceptSoterCounter(store, APP, BOB, 1)).toBe(true);
    expect(await acceptSoterCounter(store, OTHER_APP, ALICE, 1)).toBe(true);
    expect(await highestSoterCounter(store, APP, ALICE)).toBe(12);
  });
});
