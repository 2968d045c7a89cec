import { exportSoterPublicKey, generateSoterKeyPair, importSoterPublicKey, type SoterAuthRequest } from '@wxbridge/host';
import { createSoftwareBiometricDevice } from '@wxbridge/mock';
import { openPair, until, verifyOnServer } from './helpers';

const IS_OK = { errcode: 0, errmsg: 'ok', is_ok: true };

let keys: CryptoKeyPair;
let otherKeys: CryptoKeyPair;

beforeAll(async () => {
  [keys, otherKeys] = await Promise.all([generateSoterKeyPair(), generateSoterKeyPair()]);
});

function request(overrides: Partial<SoterAuthRequest> = {}): SoterAuthRequest {
  return {
    challenge: 'challenge-1',
    authContent: '',
    mode: 'fingerPrint',
    app: { appId: 'wx-demo', envVersion: 'release', version: '' },
    user: 'u1',
    openid: async () => 'openid-u1',
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('createSoftwareBiometricDevice (a simulation, from the mock)', () => {
  test('reports its modes; signs a verifiable result with a growing counter', async () => {
    const device = createSoftwareBiometricDevice({
      modes: ['fingerPrint', 'facial'],
      enrolled: ['fingerPrint', 'speech'],
      privateKey: keys.privateKey, publicKey: keys.publicKey,
      uid: '10086',
      cpuId: 'sim-cpu',
    });
    expect(await device.supportedModes()).toEqual(['fingerPrint', 'facial']);
    expect(await device.enrolledModes()).toEqual(['fingerPrint']);
    expect(device.counter).toBe(0);
    const first = await device.authenticate(request());
    const second = await device.authenticate(request({ challenge: 'challenge-2' }));
    expect(device.counter).toBe(2);
    if (!first.ok || !second.ok) throw new Error('expected success');
    expect(JSON.parse(first.resultJSON)).toEqual({
      raw: 'challenge-1',
      fid: '0',
      counter: 1,
      tee_n: 'wxbridge-software-tee (simulation)',
      tee_v: '1',
      fp_n: 'simulated-sensor',
      fp_v: '1',
      cpu_id: 'sim-cpu',
      uid: '10086',
      appid: 'wx-demo',
      openid: 'openid-u1',
    });
    await expect(verifyOnServer(keys.publicKey, second, 'wx-demo', 'openid-u1')).resolves.toEqual(IS_OK);
    expect(JSON.parse(second.resultJSON)).toMatchObject({ raw: 'challenge-2', counter: 2 });
    await expect(device.authenticate(request({ mode: 'facial' }))).resolves.toEqual({ ok: false, reason: 'not-enrolled' });
  });

  test('decide gives the simulated user’s answer; an abort while deciding is a cancel; nothing is signed on failure', async () => {
    let answer: (d: { ok: false; reason: 'locked' } | { ok: true }) => void = () => {};
    const decide = jest.fn(() => new Promise<{ ok: false; reason: 'locked' } | { ok: true }>((resolve) => (answer = resolve)));
    const device = createSoftwareBiometricDevice({ modes: ['facial'], privateKey: keys.privateKey, publicKey: keys.publicKey, uid: '1', cpuId: 'c', decide });
    const locked = device.authenticate(request({ mode: 'facial' }));
    await until(() => decide.mock.calls.length === 1, 'the device to ask decide');
    answer({ ok: false, reason: 'locked' });
    await expect(locked).resolves.toEqual({ ok: false, reason: 'locked' });
    const controller = new AbortController();
    const aborted = device.authenticate(request({ mode: 'facial', signal: controller.signal }));
    await until(() => decide.mock.calls.length === 2, 'the device to ask decide again'); // the abort comes while deciding
    controller.abort();
    await expect(aborted).resolves.toEqual({ ok: false, reason: 'cancel' });
    expect(device.counter).toBe(0);
    expect(decide).toHaveBeenCalledWith(expect.objectContaining({ challenge: 'challenge-1', mode: 'facial' }));
  });
});


describe('publicKey(): what the host records for the server', () => {
  test('the PEM (SPKI) of the signing key, the same for every user and app; results verify with it and with no other key', async () => {
    const device = createSoftwareBiometricDevice({ modes: ['fingerPrint'], privateKey: keys.privateKey, publicKey: keys.publicKey, uid: '7', cpuId: 'c' });
    const pem = await device.publicKey();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END PUBLIC KEY-----\n$/);
    expect(pem).toBe(await exportSoterPublicKey(keys.publicKey));
    expect(pem).not.toBe(await exportSoterPublicKey(otherKeys.publicKey));
    const result = await device.authenticate(request({ challenge: 'nonce-9' }));
    if (!result.ok) throw new Error('expected success');
    const check = (publicKey: CryptoKey) => verifyOnServer(publicKey, result, 'wx-demo', 'openid-u1');
    await expect(check(otherKeys.publicKey)).resolves.toEqual({ ...IS_OK, is_ok: false });
    await expect(check(await importSoterPublicKey(pem))).resolves.toEqual(IS_OK);
    expect(JSON.parse(result.resultJSON)).toMatchObject({ raw: 'nonce-9', counter: 1 });
  });

  test("the mock host's device: after a success the host has recorded its key pair's public key for the server", async () => {
    const { mock, wx } = openPair();
    const res = await wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'c-1', authContent: 'Unlock' });
    expect(res.errCode).toBe(0);
    const pem = await exportSoterPublicKey((await mock.soterKeyPair()).publicKey);
    // Recording the same key again changes nothing: it is the one recorded; another key would be a change.
    await expect(mock.host.sessions.platform.enrolSoterKey('wx-mock-app', 'anonymous', pem)).resolves.toBe(false);
    await expect(mock.host.sessions.platform.enrolSoterKey('wx-mock-app', 'anonymous', await exportSoterPublicKey(otherKeys.publicKey))).resolves.toBe(true);
  });
});
