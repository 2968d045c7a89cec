/**
 * Credentials in user data (issue 15): on the v2 login standard, getUserInfo and getUserProfile carry
 * WeChat's rawData, signature, encryptedData and iv, computed by the host under the session_key of
 * the user's last login code, and a backend written only from WeChat's documentation
 * (test/fixtures/wechat-backend.ts, node:crypto) verifies and decrypts them with the session_key
 * the open-platform server's jscode2session gave it (over real HTTP). A real guest and a real host
 * over a MessageChannel.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiVersionOption, UserInfoOptions } from '@wxbridge/host';
import { makePair } from '../../../tooling/test-support/pair';
import { openPlatform, type OpenPlatform, type OpenPlatformOptions } from '../../../tooling/test-support/open-platform';
import { userDataCredentials } from '../../src/crypto/user-data';
import { decryptData, verifyUserData, type UserDataPackage } from '../fixtures/wechat-backend';

const ada = { nickName: 'Ada', avatarUrl: 'https://img.example/ada/132', gender: 2, country: 'UK', province: 'London', city: 'London', language: 'en' } as const;
/** What a v1 integrator's handler may hand over as credentials (its own backend's business). */
const HANDLER_CREDENTIALS = { signature: 'handler-signature', encryptedData: 'handler-data', iv: 'handler-iv', cloudID: 'handler-cloud' };
const seconds = () => Math.floor(Date.now() / 1000);

/** The open-platform server the apps' backends redeem their codes with, and the host's sessions on its store. */
const platformOf = (options: Partial<OpenPlatformOptions> = {}) => openPlatform({ apps: ['wx-shop', 'wx-bank', 'wx-old', 'wx-new'], ...options });

interface Setup {
  apiVersion?: ApiVersionOption;
  platform?: OpenPlatform;
  appId?: string;
  userInfo?: UserInfoOptions;
}

/** A mini program (the guest) on a host whose handlers give Ada's profile with credentials of their own. */
function shop(setup: Setup = {}) {
  const platform = setup.platform ?? platformOf();
  const { sessions } = platform;
  const appId = setup.appId ?? 'wx-shop';
  const profile = jest.fn(() => ({ userInfo: ada, ...HANDLER_CREDENTIALS }));
  const pair = makePair(
    (host) => {
      host.handle('getUserInfo', profile);
      host.handle('getUserProfile', profile);
    },
    {
      host: { apiVersion: setup.apiVersion ?? { login: 'v2' }, sessions, user: () => 'u1', userInfo: setup.userInfo, prompts: { authorize: () => true, userProfile: () => true } },
      app: { appId },
    },
  );
  const { bridge } = pair;
  return {
    ...pair,
    sessions,
    appId,
    profile,
    /** wx.login, then what the mini program's backend does with the code: jscode2session, for the session_key. */
    async backendLogin(): Promise<string> {
      const { code } = await bridge.wx.login();
      const answer = await platform.redeem(appId, code);
      if (typeof answer.session_key !== 'string') throw new Error(`jscode2session: ${JSON.stringify(answer)}`);
      return answer.session_key;
    },
    async userInfo() {
      await bridge.wx.authorize({ scope: 'scope.userInfo' });
      return (await bridge.wx.getUserInfo()) as unknown as Record<string, unknown> & UserDataPackage;
    },
    async userProfile() {
      return (await bridge.runInTap(() => bridge.wx.getUserProfile({ desc: 'Show your name' }))) as unknown as Record<string, unknown> & UserDataPackage;
    },
  };
}

/** What the mini program forwards to its backend. */
const forwarded = ({ rawData, signature, encryptedData, iv }: UserDataPackage): UserDataPackage => ({ rawData, signature, encryptedData, iv });

describe('v2: the host signs and encrypts user data under the session of the last login', () => {
  test.each(['getUserInfo', 'getUserProfile'] as const)('%s: the backend verifies the signature, decrypts the data and finds its appid', async (api) => {
    const app = shop();
    const sessionKey = await app.backendLogin();
    const before = seconds();
    const result = api === 'getUserInfo' ? await app.userInfo() : await app.userProfile();
    const after = seconds();
    // The handler's credentials (cloudID included) are replaced by the host's own.
    expect(Object.keys(result).sort()).toEqual(['encryptedData', 'errMsg', 'iv', 'rawData', 'signature', 'userInfo']);
    expect(result.userInfo).toEqual(ada);
    expect(result.rawData).toBe(JSON.stringify(ada));
    expect(result.signature).toMatch(/^[0-9a-f]{40}$/);
    expect(Buffer.from(result.iv, 'base64')).toHaveLength(16);

    const verdict = verifyUserData(forwarded(result), { appId: app.appId, sessionKey });
    if (!verdict.ok) throw new Error(`the backend refused the host's user data: ${verdict.reason}`);
    const { watermark, ...decrypted } = verdict.data;
    expect(decrypted).toEqual(result.userInfo);
    expect(JSON.parse(result.rawData)).toEqual(decrypted);
    expect(watermark.appid).toBe('wx-shop');
    expect(watermark.timestamp).toBeGreaterThanOrEqual(before);
    expect(watermark.timestamp).toBeLessThanOrEqual(after);
  });

  test('each result has its own random IV', async () => {
    const app = shop();
    const sessionKey = await app.backendLogin();
    const [first, second] = [await app.userInfo(), await app.userInfo()];
    expect(first.iv).not.toBe(second.iv);
    expect(first.encryptedData).not.toBe(second.encryptedData);
    expect(first.signature).toBe(second.signature); // same rawData, same session
    for (const result of [first, second]) expect(verifyUserData(forwarded(result), { appId: app.appId, sessionKey }).ok).toBe(true);
  });

  test('a second login changes the session_key and the credentials follow it', async () => {
    const app = shop();
    const firstKey = await app.backendLogin();
    const secondKey = await app.backendLogin();
    expect(secondKey).not.toBe(firstKey);
    const result = forwarded(await app.userProfile());
    expect(verifyUserData(result, { appId: app.appId, sessionKey: secondKey }).ok).toBe(true);
    expect(verifyUserData(result, { appId: app.appId, sessionKey: firstKey })).toEqual({ ok: false, reason: 'bad signature' });
    expect(() => decryptData(result.encryptedData, result.iv, firstKey)).toThrow();
  });

  test('a tampered rawData, signature, iv or encryptedData fails the backend, and so does another app’s backend', async () => {
    const app = shop();
    const sessionKey = await app.backendLogin();
    const result = forwarded(await app.userInfo());
    const backend = { appId: app.appId, sessionKey };
    const rawData = JSON.stringify({ ...ada, nickName: 'Admin' });
    expect(verifyUserData({ ...result, rawData }, backend)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyUserData({ ...result, signature: '0'.repeat(40) }, backend)).toEqual({ ok: false, reason: 'bad signature' });
    // CBC: a flipped IV bit flips the same bit of the first plaintext block ('{' becomes 'z'); a
    // changed first ciphertext block garbles that block. Neither is JSON any more.
    const iv = Buffer.from(result.iv, 'base64');
    iv[0]! ^= 0x01;
    expect(verifyUserData({ ...result, iv: iv.toString('base64') }, backend)).toEqual({ ok: false, reason: 'cannot decrypt' });
    const sealed = Buffer.from(result.encryptedData, 'base64');
    sealed[0]! ^= 0x80;
    expect(verifyUserData({ ...result, encryptedData: sealed.toString('base64') }, backend)).toEqual({ ok: false, reason: 'cannot decrypt' });
    // Were another app's backend to hold this session_key, the watermark would still name wx-shop.
    expect(verifyUserData(result, { appId: 'wx-other', sessionKey })).toEqual({ ok: false, reason: 'wrong appid' });
  });

  test('anonymous mode: the anonymous profile is signed and encrypted the same way', async () => {
    const app = shop({ userInfo: { mode: 'anonymous', anonymous: { avatarUrl: 'https://img.example/grey.png' } } });
    const sessionKey = await app.backendLogin();
    const result = (await app.bridge.wx.getUserInfo()) as unknown as Record<string, unknown> & UserDataPackage;
    expect(app.profile).not.toHaveBeenCalled();
    const verdict = verifyUserData(forwarded(result), { appId: app.appId, sessionKey });
    if (!verdict.ok) throw new Error(`the backend refused the anonymous data: ${verdict.reason}`);
    const { watermark: _watermark, ...decrypted } = verdict.data;
    expect(decrypted).toEqual({ nickName: '微信用户', avatarUrl: 'https://img.example/grey.png', gender: 0, country: '', province: '', city: '', language: 'zh_CN' });
    expect(decrypted).toEqual(result.userInfo);
  });
});

describe('v2 without a valid session: no credentials, the profile only', () => {
  const profileOnly = (result: Record<string, unknown>) => expect(Object.keys(result).sort()).toEqual(['errMsg', 'rawData', 'userInfo']);

  test('never logged in: neither the host’s credentials nor the handler’s', async () => {
    const app = shop();
    profileOnly(await app.userInfo());
    profileOnly(await app.userProfile());
    expect(app.profile).toHaveBeenCalledTimes(2);
    const anonymous = shop({ userInfo: { mode: 'anonymous' } });
    profileOnly((await anonymous.bridge.wx.getUserInfo()) as unknown as Record<string, unknown>);
  });

  test('the session expired; a new login signs again', async () => {
    let now = Date.UTC(2030, 0, 1);
    const app = shop({ platform: platformOf({ clock: () => now, sessionTtlMs: 60_000 }) });
    await app.backendLogin();
    now += 60_001;
    profileOnly(await app.userInfo());
    const sessionKey = await app.backendLogin();
    expect(verifyUserData(forwarded(await app.userInfo()), { appId: app.appId, sessionKey }).ok).toBe(true);
  });

  test('a session of the same user in another app does not count', async () => {
    const platform = platformOf();
    await shop({ platform, appId: 'wx-bank' }).backendLogin();
    profileOnly(await shop({ platform, appId: 'wx-shop' }).userInfo());
  });
});

describe('v1: the handler’s result as it is', () => {
  test('the handler’s credentials pass through, none added, even when the user has a session', async () => {
    const choose: ApiVersionOption = (app, api) => (app.appId === 'wx-new' && api === 'login' ? 'v2' : 'v1');
    const platform = platformOf();
    const { sessions } = platform;
    const legacy = shop({ platform, apiVersion: choose, appId: 'wx-old' });
    await sessions.issueCode('wx-old', 'u1');
    expect(await sessions.sessionOf('wx-old', 'u1')).toBeDefined();
    const expected = { userInfo: ada, rawData: JSON.stringify(ada), ...HANDLER_CREDENTIALS };
    await expect(legacy.userInfo()).resolves.toEqual({ ...expected, errMsg: 'getUserInfo:ok' });
    await expect(legacy.userProfile()).resolves.toEqual({ ...expected, errMsg: 'getUserProfile:ok' });
    // The same function option makes another app v2: it reads login's version per app.
    const modern = shop({ platform, apiVersion: choose, appId: 'wx-new' });
    const sessionKey = await modern.backendLogin();
    expect(verifyUserData(forwarded(await modern.userInfo()), { appId: 'wx-new', sessionKey }).ok).toBe(true);
  });

  test('an apiVersion that sets no version for login is v1', async () => {
    const app = shop({ apiVersion: {} });
    await app.sessions.issueCode(app.appId, 'u1');
    await expect(app.userInfo()).resolves.toMatchObject(HANDLER_CREDENTIALS);
  });
});

describe('without crypto.subtle (an insecure browser context, Hermes)', () => {
  test('v2 with a session fails the call with an internal error the host reports; without a session the profile still comes', async () => {
    const app = shop();
    const errors: unknown[] = [];
    app.host.on('error', (event) => errors.push(event));
    await app.bridge.wx.authorize({ scope: 'scope.userInfo' });
    const subtle = Object.getOwnPropertyDescriptor(globalThis.crypto, 'subtle');
    Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined, configurable: true });
    try {
      await expect(app.bridge.wx.getUserInfo()).resolves.toEqual({ userInfo: ada, rawData: JSON.stringify(ada), errMsg: 'getUserInfo:ok' });
      await app.bridge.wx.login(); // issuing a code needs no crypto.subtle
      await expect(app.bridge.wx.getUserInfo()).rejects.toEqual({ errMsg: 'getUserInfo:fail internal error', errno: 4 });
    } finally {
      if (subtle) Object.defineProperty(globalThis.crypto, 'subtle', subtle);
      else delete (globalThis.crypto as { subtle?: unknown }).subtle;
    }
    expect(errors).toEqual([expect.objectContaining({ api: 'getUserInfo', error: expect.objectContaining({ message: expect.stringMatching(/user-data credentials.*crypto\.subtle is unavailable/) }) })]);
  });
});

describe('userDataCredentials', () => {
  test('names the input it cannot use', async () => {
    const input = { appId: 'wx-shop', sessionKey: Buffer.alloc(16, 7).toString('base64'), rawData: '{}', userInfo: {} };
    await expect(userDataCredentials(input)).resolves.toMatchObject({ signature: expect.stringMatching(/^[0-9a-f]{40}$/) });
    await expect(userDataCredentials({ ...input, sessionKey: Buffer.alloc(24).toString('base64') })).rejects.toThrow(/sessionKey must be the base64 text of 16 bytes/);
    await expect(userDataCredentials({ ...input, sessionKey: 'not base64!' })).rejects.toThrow(/sessionKey/);
    await expect(userDataCredentials({ ...input, appId: '' })).rejects.toThrow(/appId must be a non-empty string/);
    await expect(userDataCredentials({ ...input, timestamp: 1.5 })).rejects.toThrow(/timestamp must be a whole number of seconds/);
  });

  test('the watermark carries the timestamp given, after the user info', async () => {
    const sessionKey = Buffer.alloc(16, 9).toString('base64');
    const credentials = await userDataCredentials({ appId: 'wx-a', sessionKey, rawData: JSON.stringify(ada), userInfo: { ...ada }, timestamp: 1_700_000_000 });
    const text = JSON.stringify(decryptData(credentials.encryptedData, credentials.iv, sessionKey));
    expect(text).toBe(JSON.stringify({ ...ada, watermark: { appid: 'wx-a', timestamp: 1_700_000_000 } }));
  });
});

describe('docs/backend.md', () => {
  test('its node:crypto check of user data accepts the host’s credentials and refuses altered ones', async () => {
    const page = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'backend.md'), 'utf8');
    const block = /<!-- user-data check[^>]*-->\n```js\n([\s\S]*?)```/.exec(page)?.[1];
    if (block === undefined) throw new Error('docs/backend.md has no <!-- user-data check --> js block');
    const app = shop();
    const sessionKey = await app.backendLogin();
    const data = forwarded(await app.userProfile());
    const cases = [
      { data, backend: { appId: app.appId, sessionKey } },
      { data: { ...data, rawData: data.rawData.replace('Ada', 'Eve') }, backend: { appId: app.appId, sessionKey } },
      { data, backend: { appId: 'wx-other', sessionKey } },
      { data, backend: { appId: app.appId, sessionKey: Buffer.alloc(16).toString('base64') } },
    ];
    // The page's code as a backend would run it: its own Node process, node:crypto only.
    const driver = 'for (const { data, backend } of JSON.parse(process.argv[1])) console.log(JSON.stringify(openUserData(data, backend)));';
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', `${block}\n${driver}`, JSON.stringify(cases)], { encoding: 'utf8', timeout: 20_000 });
    const [genuine, ...refused] = output.trim().split('\n').map((line) => JSON.parse(line));
    expect(genuine).toEqual({ ...ada, watermark: { appid: 'wx-shop', timestamp: expect.any(Number) } });
    expect(refused).toEqual([null, null, null]);
  });
});
