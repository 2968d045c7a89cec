/**
 * startSoterAuthentication records the device's public key for the open-platform server (whose
 * verify_signature checks against it) before answering a success, and only then.
 */
import { MemoryStore, exportSoterPublicKey, generateSoterKeyPair, type BiometricDevice } from '@wxbridge/host';
import { createSoftwareBiometricDevice, type SoterDecision } from '@wxbridge/mock';
import { StoreUnavailableError } from '@wxbridge/store';
import { asSoterKey, asUser, soterKeyKey, userKey } from '@wxbridge/store/records';
import { makePair } from '../../../tooling/test-support/pair';
import { openPlatform } from '../../../tooling/test-support/open-platform';

const APP = 'wx-bank';
let keys: CryptoKeyPair;
let pem: string;

beforeAll(async () => {
  keys = await generateSoterKeyPair();
  pem = await exportSoterPublicKey(keys.publicKey);
});

function keyPair(device: BiometricDevice) {
  const store = new MemoryStore();
  // The open-platform server on the host's store: what its verify_signature checks against.
  const platform = openPlatform({ apps: [APP], store, secret: 'deployment' });
  const { sessions } = platform;
  const pair = makePair(() => {}, { host: { biometrics: device, sessions, user: () => 'alice' }, app: { appId: APP, envVersion: 'release' } });
  const openid = () => sessions.openIdOf(APP, 'alice');
  const recorded = async () => asSoterKey(store.get(soterKeyKey(APP, await openid())));
  const start = (challenge = 'c-1') =>
    pair.bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge }).catch((failure: unknown) => failure);
  return { ...pair, store, platform, openid, recorded, start };
}

const software = (decide?: () => SoterDecision) =>
  createSoftwareBiometricDevice({ modes: ['fingerPrint'], privateKey: keys.privateKey, publicKey: keys.publicKey, uid: '1', cpuId: 'c', decide });

test('after a success the key is recorded (and the user), and the result verifies with the recorded key', async () => {
  const { start, recorded, store, openid, platform } = keyPair(software());
  const result = (await start('nonce-1')) as { resultJSON: string; resultJSONSignature: string; errCode: number };
  expect(result.errCode).toBe(0);
  const record = await recorded();
  expect(record).toEqual({ publicKey: pem, enrolledAt: expect.any(Number) });
  expect(asUser(store.get(userKey(APP, await openid())))).toMatchObject({ user: 'alice' });
  // The app's backend has the server check it against the recorded key, over HTTP.
  const body = { openid: await openid(), json_string: result.resultJSON, json_signature: result.resultJSONSignature };
  await expect(platform.verifySoter(APP, body)).resolves.toEqual({ errcode: 0, errmsg: 'ok', is_ok: true });
  expect(JSON.parse(result.resultJSON)).toMatchObject({ raw: 'nonce-1', counter: 1, appid: APP, openid: await openid() });
});

test('nothing is recorded when the authentication fails', async () => {
  const { start, recorded } = keyPair(software(() => ({ ok: false, reason: 'cancel' })));
  await expect(start()).resolves.toMatchObject({ errCode: 90008 });
  expect(await recorded()).toBeUndefined();
});

test('the same key is not rewritten: its enrolledAt stays the first', async () => {
  const { start, recorded, store, openid, platform } = keyPair(software());
  await start('c-1');
  const first = await recorded();
  store.set(soterKeyKey(APP, await openid()), JSON.stringify({ ...first, enrolledAt: 1 }));
  await start('c-2');
  expect(await recorded()).toEqual({ publicKey: pem, enrolledAt: 1 });
});

test('a device without publicKey records no key; the success is answered as before', async () => {
  const device: BiometricDevice = {
    supportedModes: () => ['fingerPrint'],
    enrolledModes: () => ['fingerPrint'],
    authenticate: () => ({ ok: true, resultJSON: '{"raw":"c"}', resultJSONSignature: 'c2ln' }),
  };
  const { start, recorded } = keyPair(device);
  await expect(start()).resolves.toMatchObject({ errCode: 0 });
  expect(await recorded()).toBeUndefined();
});

test('a key that cannot be recorded (publicKey throws, or is no PEM) fails the call with 90007, and the integrator hears why', async () => {
  for (const publicKey of [
    () => {
      throw new Error('keystore locked');
    },
    () => 'not a key',
  ]) {
    const device = { ...software(), publicKey };
    const { start, recorded, host } = keyPair(device);
    const errors: unknown[] = [];
    host.on('error', (info) => errors.push(info.error));
    await expect(start()).resolves.toEqual({
      authMode: 'fingerPrint',
      resultJSON: '',
      resultJSONSignature: '',
      errCode: 90007,
      errMsg: 'startSoterAuthentication:fail internal error',
    });
    expect(await recorded()).toBeUndefined();
    expect(errors).toEqual([expect.any(Error)]);
  }
});

/** What startSoterAuthentication answers when the store cannot be reached: every API's "system busy", SOTER's errCode. */
const STORE_BUSY = {
  authMode: 'fingerPrint',
  resultJSON: '',
  resultJSONSignature: '',
  errCode: 90007,
  errno: 4,
  errMsg: 'startSoterAuthentication:fail system busy, try again later',
};

test('a store that cannot be reached while the key is recorded: system busy, try again later (errno 4), still errCode 90007; nothing claimed', async () => {
  const { start, store, host } = keyPair(software());
  const errors: unknown[] = [];
  host.on('error', (info) => errors.push(info.error));
  const set = store.set.bind(store);
  const setIfAbsent = store.setIfAbsent.bind(store);
  const down = (key: string) => {
    if (key.includes('/soter/')) throw new StoreUnavailableError('Redis store: set failed: Redis is unavailable');
  };
  store.set = (key, value, options) => (down(key), set(key, value, options));
  store.setIfAbsent = (key, value, options) => (down(key), setIfAbsent(key, value, options));
  await expect(start()).resolves.toEqual(STORE_BUSY);
  expect(errors).toEqual([expect.any(StoreUnavailableError)]);
});

test('a store that cannot be reached while the user is looked up, before the prompt: the same system busy fail', async () => {
  const pair = makePair(() => {}, {
    host: {
      biometrics: software(),
      user: () => {
        throw new StoreUnavailableError('Redis store: get failed: Redis is unavailable');
      },
    },
    app: { appId: APP, envVersion: 'release' },
  });
  await expect(pair.bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'c' }).catch((failure: unknown) => failure)).resolves.toEqual(STORE_BUSY);
});

test('createHost refuses a publicKey that is not a function', () => {
  expect(() => keyPair({ ...software(), publicKey: 'pem' as never })).toThrow('biometrics.publicKey, when given, must be a function');
});
