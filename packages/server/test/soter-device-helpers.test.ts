/**
 * What a device adapter builds, signs and exports with the host's SOTER helpers
 * (`buildSoterResultJSON`, `signSoterResult`, `exportSoterPublicKey`) is what the server verifies:
 * each verdict and its reason, the signature check alone, the PEM. (Moved from the host's
 * `verifySoterResult` tests when verification moved here; the end-to-end loops over HTTP are the
 * host's crypto/soter*.test.ts.)
 */
import { buildSoterResultJSON, exportSoterPublicKey, generateSoterKeyPair, signSoterResult } from '@wxbridge/host';
import { MemoryStore } from '@wxbridge/store';
import { soterKeyKey } from '@wxbridge/store/records';
import { importSoterPublicKey, verifySoterSignature } from '../src/soter/signature';
import { soterVerdict } from '../src/soter/verify';

const APP = 'wx-demo';
const OPENID = 'openid-u1';
let keys: CryptoKeyPair;
let otherKeys: CryptoKeyPair;

beforeAll(async () => {
  [keys, otherKeys] = await Promise.all([generateSoterKeyPair(), generateSoterKeyPair()]);
});

async function enrolled(publicKey = keys.publicKey) {
  const store = new MemoryStore();
  store.set(soterKeyKey(APP, OPENID), JSON.stringify({ publicKey: await exportSoterPublicKey(publicKey), enrolledAt: 1 }));
  return { verdict: (body: unknown) => soterVerdict({ store }, APP, body) };
}

async function signed(counter: number, privateKey = keys.privateKey, text?: string) {
  const json = text ?? buildSoterResultJSON({ challenge: 'nonce', counter, cpuId: 'cpu', uid: '1000', appId: APP, openId: OPENID });
  return { openid: OPENID, json_string: json, json_signature: await signSoterResult(json, privateKey) };
}

test("a result built and signed with the host's helpers is accepted with its counter, once", async () => {
  const { verdict } = await enrolled();
  const body = await signed(5);
  expect(await verdict(body)).toEqual({ ok: true, counter: 5 });
  expect(await verdict(body)).toEqual({ ok: false, reason: 'counter not increased' });
  expect(await verdict(await signed(6))).toEqual({ ok: true, counter: 6 });
});

test('each failure has its reason', async () => {
  const { verdict } = await enrolled();
  const body = await signed(5);
  expect(await verdict(await signed(5, otherKeys.privateKey))).toEqual({ ok: false, reason: 'bad signature' });
  expect(await verdict({ ...body, json_string: body.json_string.replace('nonce', 'nonc3') })).toEqual({ ok: false, reason: 'bad signature' });
  expect(await verdict(await signed(0, keys.privateKey, 'raw=nonce'))).toEqual({ ok: false, reason: 'malformed result' });
  expect(await verdict(await signed(0, keys.privateKey, JSON.stringify({ raw: 'nonce' })))).toEqual({ ok: false, reason: 'malformed result' });
  const unbound = buildSoterResultJSON({ challenge: 'nonce', counter: 7, cpuId: 'cpu', uid: '1000' });
  expect(await verdict(await signed(0, keys.privateKey, unbound))).toEqual({ ok: false, reason: 'app mismatch' });
  expect(await verdict({ ...body, openid: '' })).toEqual({ errcode: 47001, errmsg: 'data format error, hint: openid must be a non-empty string' });
  expect(await verdict(body)).toEqual({ ok: true, counter: 5 });
  expect(await verdict(body)).toEqual({ ok: false, reason: 'counter not increased' });
});

test('the signature check alone: a malformed signature is false, not an exception; another key is false', async () => {
  const { json_string: json, json_signature: signature } = await signed(1);
  await expect(verifySoterSignature(json, signature, keys.publicKey)).resolves.toBe(true);
  await expect(verifySoterSignature(json, signature, otherKeys.publicKey)).resolves.toBe(false);
  for (const bad of ['', 'not base64!', '====', 'AAAA']) await expect(verifySoterSignature(json, bad, keys.publicKey)).resolves.toBe(false);
});

test('public keys travel as PEM: the server imports what the host exports; anything else is a TypeError', async () => {
  const { json_string: json, json_signature: signature } = await signed(1);
  const imported = await importSoterPublicKey(await exportSoterPublicKey(keys.publicKey));
  await expect(verifySoterSignature(json, signature, imported)).resolves.toBe(true);
  await expect(importSoterPublicKey('hello')).rejects.toThrow('importSoterPublicKey: expected a PEM public key');
});
