import {
  buildSoterResultJSON,
  exportSoterPublicKey,
  generateSoterKeyPair,
  importSoterPublicKey,
  signSoterResult,
  verifySoterResult,
  verifySoterSignature,
} from '@wxbridge/host';
import { createSoftwareBiometricDevice } from '@wxbridge/mock';
import { makePair } from '../../../tooling/test-support/pair';

let keys: CryptoKeyPair;
let otherKeys: CryptoKeyPair;

beforeAll(async () => {
  [keys, otherKeys] = await Promise.all([generateSoterKeyPair(), generateSoterKeyPair()]);
});

const encoder = new TextEncoder();
const base64ToBytes = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

describe('buildSoterResultJSON', () => {
  test('the documented layout, in order: raw (the challenge), fid, counter, tee_n, tee_v, fp_n, fp_v, cpu_id, uid', () => {
    expect(
      buildSoterResultJSON({
        challenge: 'msg',
        fid: '2',
        counter: 123,
        teeName: 'TEE Name',
        teeVersion: 'TEE Version',
        fpName: 'Fingerprint Sensor Name',
        fpVersion: 'Fingerprint Sensor Version',
        cpuId: 'CPU Id',
        uid: '21',
      }),
    ).toBe(
      '{"raw":"msg","fid":"2","counter":123,"tee_n":"TEE Name","tee_v":"TEE Version","fp_n":"Fingerprint Sensor Name","fp_v":"Fingerprint Sensor Version","cpu_id":"CPU Id","uid":"21"}',
    );
  });

  test("optional fields default to '0' (fid) and '' (tee and sensor); a bad counter is refused", () => {
    expect(JSON.parse(buildSoterResultJSON({ challenge: 'c', counter: 0, cpuId: 'cpu', uid: 'u' }))).toEqual({
      raw: 'c',
      fid: '0',
      counter: 0,
      tee_n: '',
      tee_v: '',
      fp_n: '',
      fp_v: '',
      cpu_id: 'cpu',
      uid: 'u',
    });
    expect(() => buildSoterResultJSON({ challenge: 'c', counter: -1, cpuId: 'cpu', uid: 'u' })).toThrow(TypeError);
    expect(() => buildSoterResultJSON({ challenge: 'c', counter: 1.5, cpuId: 'cpu', uid: 'u' })).toThrow(TypeError);
  });
});

describe('signSoterResult / verifySoterSignature', () => {
  const json = buildSoterResultJSON({ challenge: 'ch', counter: 1, cpuId: 'cpu', uid: '1000' });

  test('a base64 RSA-PSS signature (SHA-256, salt length 20) that verifies; a tampered text or another key does not', async () => {
    const signature = await signSoterResult(json, keys.privateKey);
    expect(signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(base64ToBytes(signature)).toHaveLength(256);
    await expect(verifySoterSignature(json, signature, keys.publicKey)).resolves.toBe(true);
    await expect(verifySoterSignature(json.replace('"counter":1', '"counter":2'), signature, keys.publicKey)).resolves.toBe(false);
    await expect(verifySoterSignature(json, signature, otherKeys.publicKey)).resolves.toBe(false);
    // The scheme itself: PSS with a 20-byte salt, as SOTER's SHA256withRSA/PSS (a 32-byte salt does not verify).
    const raw = base64ToBytes(signature);
    const subtle = globalThis.crypto.subtle;
    await expect(subtle.verify({ name: 'RSA-PSS', saltLength: 20 }, keys.publicKey, raw, encoder.encode(json))).resolves.toBe(true);
    await expect(subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, keys.publicKey, raw, encoder.encode(json))).resolves.toBe(false);
  });

  test('a malformed signature is false, not an exception', async () => {
    for (const bad of ['', 'not base64!', '====', 'AAAA', 42 as unknown as string]) {
      await expect(verifySoterSignature(json, bad, keys.publicKey)).resolves.toBe(false);
    }
  });

  test('public keys travel as PEM', async () => {
    const pem = await exportSoterPublicKey(keys.publicKey);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END PUBLIC KEY-----\n$/);
    const imported = await importSoterPublicKey(pem);
    const signature = await signSoterResult(json, keys.privateKey);
    await expect(verifySoterSignature(json, signature, imported)).resolves.toBe(true);
    await expect(importSoterPublicKey('hello')).rejects.toThrow('importSoterPublicKey: expected a PEM public key');
  });
});

describe('verifySoterResult', () => {
  async function signed(challenge: string, counter: number) {
    const resultJSON = buildSoterResultJSON({ challenge, counter, cpuId: 'cpu', uid: '1000', appId: 'wx-demo', openId: 'openid-u1' });
    return { resultJSON, signature: await signSoterResult(resultJSON, keys.privateKey) };
  }
  const bound = { expectedAppId: 'wx-demo', expectedOpenId: 'openid-u1' };

  test('ok with the counter when the signature, the challenge and the counter check out', async () => {
    const { resultJSON, signature } = await signed('nonce', 5);
    await expect(
      verifySoterResult({ resultJSON, signature, publicKey: keys.publicKey, expectedChallenge: 'nonce', ...bound, lastCounter: 4 }),
    ).resolves.toEqual({ ok: true, counter: 5, result: JSON.parse(resultJSON) });
    await expect(verifySoterResult({ resultJSON, signature, publicKey: keys.publicKey, expectedChallenge: 'nonce', ...bound, lastCounter: null })).resolves.toMatchObject({
      ok: true,
      counter: 5,
    });
  });

  test('each failure has its reason', async () => {
    const { resultJSON, signature } = await signed('nonce', 5);
    const base = { resultJSON, signature, publicKey: keys.publicKey, expectedChallenge: 'nonce', ...bound, lastCounter: null };
    await expect(verifySoterResult({ ...base, publicKey: otherKeys.publicKey })).resolves.toEqual({ ok: false, reason: 'bad signature' });
    await expect(verifySoterResult({ ...base, resultJSON: resultJSON.replace('nonce', 'nonc3') })).resolves.toEqual({
      ok: false,
      reason: 'bad signature',
    });
    await expect(verifySoterResult({ ...base, expectedChallenge: 'another' })).resolves.toEqual({ ok: false, reason: 'challenge mismatch' });
    await expect(verifySoterResult({ ...base, lastCounter: 5 })).resolves.toEqual({ ok: false, reason: 'counter not increased' });
    const notJson = 'raw=nonce';
    await expect(
      verifySoterResult({ ...base, resultJSON: notJson, signature: await signSoterResult(notJson, keys.privateKey) }),
    ).resolves.toEqual({ ok: false, reason: 'malformed result' });
    const noCounter = JSON.stringify({ raw: 'nonce' });
    await expect(
      verifySoterResult({ ...base, resultJSON: noCounter, signature: await signSoterResult(noCounter, keys.privateKey) }),
    ).resolves.toEqual({ ok: false, reason: 'malformed result' });
    await expect(verifySoterResult({ ...base, expectedChallenge: '' })).rejects.toThrow(TypeError);
  });
});

describe('the SOTER loop: backend challenge → mini program → host with the software device → backend verifies', () => {
  /** A mini program backend: issues one-time challenges, knows the device's public key (PEM) and last counter. */
  class Backend {
    private readonly issued = new Set<string>();
    private lastCounter: number | null = null;
    constructor(
      private readonly publicKeyPem: string,
      private readonly appId: string,
      private readonly openid: () => Promise<string>,
    ) {}

    challenge(): string {
      const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
      const challenge = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      this.issued.add(challenge);
      return challenge;
    }

    async verify(challenge: string, resultJSON: string, signature: string) {
      if (!this.issued.has(challenge)) return { ok: false as const, reason: 'unknown challenge' };
      const publicKey = await importSoterPublicKey(this.publicKeyPem);
      const expected = { expectedChallenge: challenge, expectedAppId: this.appId, expectedOpenId: await this.openid() };
      const verdict = await verifySoterResult({ resultJSON, signature, publicKey, ...expected, lastCounter: this.lastCounter });
      if (verdict.ok) {
        this.issued.delete(challenge);
        this.lastCounter = verdict.counter;
      }
      return verdict;
    }
  }

  test('the signed result verifies; a tampered resultJSON, a replay and another challenge do not', async () => {
    const device = createSoftwareBiometricDevice({ modes: ['fingerPrint'], privateKey: keys.privateKey, publicKey: keys.publicKey, uid: '10086', cpuId: 'sim-cpu' });
    const authenticate = jest.spyOn(device, 'authenticate');
    const { bridge, host } = makePair(() => {}, { host: { biometrics: device }, app: { appId: 'wx-bank' } });
    const backend = new Backend(await exportSoterPublicKey(keys.publicKey), 'wx-bank', () => host.sessions.openIdOf('wx-bank', 'anonymous'));

    const challenge = backend.challenge();
    const res = await bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge, authContent: 'Unlock' });
    expect(res).toEqual({
      authMode: 'fingerPrint',
      resultJSON: expect.any(String),
      resultJSONSignature: expect.any(String),
      errCode: 0,
      errMsg: 'startSoterAuthentication:ok',
    });
    expect(authenticate.mock.calls[0]![0]).toMatchObject({ challenge, authContent: 'Unlock', mode: 'fingerPrint', app: { appId: 'wx-bank' } });
    expect(JSON.parse(res.resultJSON)).toMatchObject({ raw: challenge, counter: 1 });

    const tampered = res.resultJSON.replace('"uid":"10086"', '"uid":"10087"');
    expect(tampered).not.toBe(res.resultJSON);
    await expect(backend.verify(challenge, tampered, res.resultJSONSignature)).resolves.toEqual({ ok: false, reason: 'bad signature' });
    await expect(backend.verify(backend.challenge(), res.resultJSON, res.resultJSONSignature)).resolves.toEqual({
      ok: false,
      reason: 'challenge mismatch',
    });
    await expect(backend.verify(challenge, res.resultJSON, res.resultJSONSignature)).resolves.toMatchObject({ ok: true, counter: 1 });
    // Replayed: the challenge was used up, and the counter did not grow.
    await expect(backend.verify(challenge, res.resultJSON, res.resultJSONSignature)).resolves.toEqual({ ok: false, reason: 'unknown challenge' });

    // A second round: a new challenge, a greater counter.
    const next = backend.challenge();
    const again = await bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: next, authContent: 'Unlock' });
    await expect(backend.verify(next, again.resultJSON, again.resultJSONSignature)).resolves.toMatchObject({ ok: true, counter: 2 });
  });

  test('a stale result signed for an earlier counter is refused even under its own challenge', async () => {
    const device = createSoftwareBiometricDevice({ modes: ['facial'], privateKey: keys.privateKey, publicKey: keys.publicKey, uid: '1', cpuId: 'c', counter: 41 });
    const { bridge, host } = makePair(() => {}, { host: { biometrics: device } });
    const res = await bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'c-42' });
    const expected = { expectedChallenge: 'c-42', expectedAppId: 'wx-test-app', expectedOpenId: await host.sessions.openIdOf('wx-test-app', 'anonymous') };
    await expect(
      verifySoterResult({ resultJSON: res.resultJSON, signature: res.resultJSONSignature, publicKey: keys.publicKey, ...expected, lastCounter: 42 }),
    ).resolves.toEqual({ ok: false, reason: 'counter not increased' });
  });

  test('the user cancelling at the simulated prompt reaches the mini program as 90008', async () => {
    const device = createSoftwareBiometricDevice({
      modes: ['fingerPrint'],
      privateKey: keys.privateKey, publicKey: keys.publicKey,
      uid: '1',
      cpuId: 'c',
      decide: () => ({ ok: false, reason: 'cancel' }),
    });
    const { bridge } = makePair(() => {}, { host: { biometrics: device } });
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'c' })).rejects.toEqual({
      authMode: 'fingerPrint',
      resultJSON: '',
      resultJSONSignature: '',
      errCode: 90008,
      errMsg: 'startSoterAuthentication:fail cancel',
    });
  });
});
