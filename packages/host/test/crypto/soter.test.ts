/**
 * The device's SOTER helpers (build, sign, keys as PEM), and the whole loop with the software
 * device: the backend's challenge, the mini program, the host, and the open-platform server's
 * verify_signature over real HTTP. (The server's own verdicts: server/test/soter-*.test.ts.)
 */
import { buildSoterResultJSON, exportSoterPublicKey, generateSoterKeyPair, importSoterPublicKey, signSoterResult } from '@wxbridge/host';
import { createSoftwareBiometricDevice } from '@wxbridge/mock';
import { makePair } from '../../../tooling/test-support/pair';
import { openPlatform, type OpenPlatform } from '../../../tooling/test-support/open-platform';

let keys: CryptoKeyPair;
let otherKeys: CryptoKeyPair;

beforeAll(async () => {
  [keys, otherKeys] = await Promise.all([generateSoterKeyPair(), generateSoterKeyPair()]);
});

const encoder = new TextEncoder();
const base64ToBytes = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
/** SOTER's check of a signature, as any backend does it with Web Crypto: RSA-PSS, SHA-256, a 20-byte salt. */
const verifies = (json: string, signature: string, publicKey: CryptoKey) =>
  globalThis.crypto.subtle.verify({ name: 'RSA-PSS', saltLength: 20 }, publicKey, base64ToBytes(signature), encoder.encode(json));

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

describe('signSoterResult', () => {
  const json = buildSoterResultJSON({ challenge: 'ch', counter: 1, cpuId: 'cpu', uid: '1000' });

  test('a base64 RSA-PSS signature (SHA-256, salt length 20) that verifies; a tampered text or another key does not', async () => {
    const signature = await signSoterResult(json, keys.privateKey);
    expect(signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(base64ToBytes(signature)).toHaveLength(256);
    await expect(verifies(json, signature, keys.publicKey)).resolves.toBe(true);
    await expect(verifies(json.replace('"counter":1', '"counter":2'), signature, keys.publicKey)).resolves.toBe(false);
    await expect(verifies(json, signature, otherKeys.publicKey)).resolves.toBe(false);
    // The scheme itself: PSS with a 20-byte salt, as SOTER's SHA256withRSA/PSS (a 32-byte salt does not verify).
    const raw = base64ToBytes(signature);
    const subtle = globalThis.crypto.subtle;
    await expect(subtle.verify({ name: 'RSA-PSS', saltLength: 20 }, keys.publicKey, raw, encoder.encode(json))).resolves.toBe(true);
    await expect(subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, keys.publicKey, raw, encoder.encode(json))).resolves.toBe(false);
  });

  test('public keys travel as PEM', async () => {
    const pem = await exportSoterPublicKey(keys.publicKey);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END PUBLIC KEY-----\n$/);
    const imported = await importSoterPublicKey(pem);
    const signature = await signSoterResult(json, keys.privateKey);
    await expect(verifies(json, signature, imported)).resolves.toBe(true);
    await expect(importSoterPublicKey('hello')).rejects.toThrow('importSoterPublicKey: expected a PEM public key');
  });
});

describe('the SOTER loop: backend challenge → mini program → host with the software device → the server verifies', () => {
  /**
   * A mini program backend: issues one-time challenges, checks that a result answers one of them,
   * and has the open-platform server check the rest (the signature with the device key the host
   * recorded, the app, the user, the counter).
   */
  class Backend {
    private readonly issued = new Set<string>();
    constructor(
      private readonly platform: OpenPlatform,
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
      // The challenge is the backend's to compare (checked first, so a mismatch spends no counter).
      if ((JSON.parse(resultJSON) as { raw?: unknown }).raw !== challenge) return { ok: false as const, reason: 'challenge mismatch' };
      const answer = await this.platform.verifySoter(this.appId, { openid: await this.openid(), json_string: resultJSON, json_signature: signature });
      if (answer.is_ok !== true) return { ok: false as const, reason: 'refused by the server', answer };
      this.issued.delete(challenge);
      return { ok: true as const, counter: (JSON.parse(resultJSON) as { counter: number }).counter };
    }
  }

  test('the signed result verifies; a tampered resultJSON, a replay and another challenge do not', async () => {
    const platform = openPlatform({ apps: ['wx-bank'] });
    const device = createSoftwareBiometricDevice({ modes: ['fingerPrint'], privateKey: keys.privateKey, publicKey: keys.publicKey, uid: '10086', cpuId: 'sim-cpu' });
    const authenticate = jest.spyOn(device, 'authenticate');
    const { bridge, host } = makePair(() => {}, { host: { biometrics: device, sessions: platform.sessions }, app: { appId: 'wx-bank' } });
    const openid = () => host.sessions.openIdOf('wx-bank', 'anonymous');
    const backend = new Backend(platform, 'wx-bank', openid);

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
    await expect(backend.verify(challenge, tampered, res.resultJSONSignature)).resolves.toEqual({
      ok: false,
      reason: 'refused by the server',
      answer: { errcode: 0, errmsg: 'ok', is_ok: false },
    });
    await expect(backend.verify(backend.challenge(), res.resultJSON, res.resultJSONSignature)).resolves.toEqual({
      ok: false,
      reason: 'challenge mismatch',
    });
    await expect(backend.verify(challenge, res.resultJSON, res.resultJSONSignature)).resolves.toEqual({ ok: true, counter: 1 });
    // Replayed: the challenge was used up, and the server will not take the counter again.
    await expect(backend.verify(challenge, res.resultJSON, res.resultJSONSignature)).resolves.toEqual({ ok: false, reason: 'unknown challenge' });
    const replayed = { openid: await openid(), json_string: res.resultJSON, json_signature: res.resultJSONSignature };
    await expect(platform.verifySoter('wx-bank', replayed)).resolves.toEqual({ errcode: 0, errmsg: 'ok', is_ok: false });

    // A second round: a new challenge, a greater counter.
    const next = backend.challenge();
    const again = await bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: next, authContent: 'Unlock' });
    await expect(backend.verify(next, again.resultJSON, again.resultJSONSignature)).resolves.toEqual({ ok: true, counter: 2 });
  });

  test('a stale result signed for an earlier counter is refused even under its own challenge', async () => {
    const platform = openPlatform({ apps: ['wx-test-app'] });
    const device = createSoftwareBiometricDevice({ modes: ['facial'], privateKey: keys.privateKey, publicKey: keys.publicKey, uid: '1', cpuId: 'c', counter: 41 });
    const { bridge, host } = makePair(() => {}, { host: { biometrics: device, sessions: platform.sessions } });
    const stale = await bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'c-42' });
    const newer = await bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'c-43' });
    expect([JSON.parse(stale.resultJSON).counter, JSON.parse(newer.resultJSON).counter]).toEqual([42, 43]);
    const openid = await host.sessions.openIdOf('wx-test-app', 'anonymous');
    const verify = (res: { resultJSON: string; resultJSONSignature: string }) =>
      platform.verifySoter('wx-test-app', { openid, json_string: res.resultJSON, json_signature: res.resultJSONSignature });
    await expect(verify(newer)).resolves.toEqual({ errcode: 0, errmsg: 'ok', is_ok: true });
    await expect(verify(stale)).resolves.toEqual({ errcode: 0, errmsg: 'ok', is_ok: false });
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
