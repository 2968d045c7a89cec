/**
 * Issue 13, item 10: a SOTER result names its app and user. Through the real guest and host: one
 * superapp, one (simulated) biometric device, two mini programs; the bank's backend learns its
 * user's openid the normal way (a v2 login code, redeemed with the open-platform server) and has
 * the server verify results (POST /cgi-bin/soter/verify_signature, over real HTTP).
 */
import { connectGuest, type GuestBridge } from '@wxbridge/guest';
import { buildSoterResultJSON, createPortTransport, exportSoterPublicKey, generateSoterKeyPair, signSoterResult, type Host } from '@wxbridge/host';
import { createSoftwareBiometricDevice } from '@wxbridge/mock';
import { makePair, onCleanup } from '../../../tooling/test-support/pair';
import { openPlatform, type OpenPlatform } from '../../../tooling/test-support/open-platform';

let keys: CryptoKeyPair;

beforeAll(async () => {
  keys = await generateSoterKeyPair();
});

const REFUSED = { errcode: 0, errmsg: 'ok', is_ok: false };
const ACCEPTED = { errcode: 0, errmsg: 'ok', is_ok: true };

/** The bank's backend: one-time challenges, its own appId; the server keeps the device's counter. */
class BankBackend {
  readonly appId = 'wx-bank';
  constructor(private readonly platform: OpenPlatform) {}

  async openidOf(bridge: GuestBridge): Promise<string> {
    const answer = await this.platform.redeem(this.appId, (await bridge.wx.login()).code);
    if (typeof answer.openid !== 'string') throw new Error(JSON.stringify(answer));
    return answer.openid;
  }

  /** The server's answer for the result, as this app and this user; the challenge is the backend's own check. */
  async verify(challenge: string, openid: string, result: { resultJSON: string; resultJSONSignature: string }) {
    if ((JSON.parse(result.resultJSON) as { raw?: unknown }).raw !== challenge) return { reason: 'challenge mismatch' };
    return this.platform.verifySoter(this.appId, { openid, json_string: result.resultJSON, json_signature: result.resultJSONSignature });
  }
}

/** One superapp host serving the bank and a game, with one biometric device; `as.user` is who is signed in. */
function superapp() {
  const as = { user: 'alice' };
  const platform = openPlatform({ apps: ['wx-bank', 'wx-bonus-game'], secret: 'superapp-and-backends' });
  const { sessions } = platform;
  const device = createSoftwareBiometricDevice({ modes: ['fingerPrint'], privateKey: keys.privateKey, publicKey: keys.publicKey, uid: '10086', cpuId: 'phone' });
  const bank = makePair(() => {}, {
    host: { biometrics: device, sessions, apiVersion: { login: 'v2' }, user: () => as.user },
    app: { appId: 'wx-bank' },
  });
  const game = connect(bank.host, 'wx-bonus-game');
  return { as, sessions, platform, bank: bank.bridge, game, backend: new BankBackend(platform) };
}

function connect(host: Host, appId: string): GuestBridge {
  const { port1, port2 } = new MessageChannel();
  host.connect(createPortTransport(port1), { appId, envVersion: 'release' });
  const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
  onCleanup(() => {
    bridge.dispose();
    port1.close();
    port2.close();
  });
  return bridge;
}

const soter = (bridge: GuestBridge, challenge: string, authContent: string) =>
  bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge, authContent });

test("relay: the game prompts for a daily bonus over the bank's challenge; the bank's verifier refuses the result", async () => {
  const { as, sessions, platform, bank, game, backend } = superapp();
  const openid = await backend.openidOf(bank);
  const challenge = 'bank-challenge-transfer-1000';
  const relayed = await soter(game, challenge, 'Touch to collect your daily bonus');
  expect(JSON.parse(relayed.resultJSON)).toMatchObject({ raw: challenge, appid: 'wx-bonus-game' });
  // No device of this user has authenticated for the bank yet: the server knows no key for them.
  await expect(backend.verify(challenge, openid, relayed)).resolves.toEqual({ errcode: 40003, errmsg: expect.stringMatching(/^invalid openid/) });
  // The bank's own prompt, for the same challenge and user, verifies.
  const own = await soter(bank, challenge, 'Confirm the transfer');
  expect(JSON.parse(own.resultJSON)).toMatchObject({ appid: 'wx-bank', openid });
  await expect(backend.verify(challenge, openid, own)).resolves.toEqual(ACCEPTED);
  // Now the key is known and a newer relayed result's counter would do: it is refused for its app alone.
  const newer = await soter(game, challenge, 'Touch to collect your daily bonus');
  await expect(backend.verify(challenge, openid, newer)).resolves.toEqual(REFUSED);
  const gameOpenid = await sessions.openIdOf('wx-bonus-game', as.user);
  const asTheGame = { openid: gameOpenid, json_string: newer.resultJSON, json_signature: newer.resultJSONSignature };
  await expect(platform.verifySoter('wx-bonus-game', asTheGame)).resolves.toEqual(ACCEPTED);
});

test("another user's result (an account switch on the same phone) is refused as that user's", async () => {
  const { as, bank, backend } = superapp();
  const alice = await backend.openidOf(bank);
  await expect(backend.verify('c-0', alice, await soter(bank, 'c-0', 'Sign in'))).resolves.toEqual(ACCEPTED);
  as.user = 'bob';
  const bobs = await soter(bank, 'c-1', 'Confirm the transfer');
  await expect(backend.verify('c-1', alice, bobs)).resolves.toEqual(REFUSED);
});

test('replay: a result verifies once (the server keeps the counter); a request leaving out a field is an error, not a pass', async () => {
  const { bank, backend, sessions, platform } = superapp();
  const openid = await backend.openidOf(bank);
  const result = await soter(bank, 'c-2', 'Confirm the transfer');
  await expect(backend.verify('c-2', openid, result)).resolves.toEqual(ACCEPTED);
  await expect(backend.verify('c-2', openid, result)).resolves.toEqual(REFUSED);
  const careless = { json_string: result.resultJSON, json_signature: result.resultJSONSignature };
  await expect(platform.verifySoter('wx-bank', careless as never)).resolves.toEqual({ errcode: 47001, errmsg: expect.stringMatching(/^data format error, hint: openid is missing/) });
  await expect(platform.verifySoter('wx-bank', { openid, json_string: result.resultJSON } as never)).resolves.toEqual({
    errcode: 47001,
    errmsg: expect.stringMatching(/^data format error, hint: json_signature is missing/),
  });
  expect(await sessions.openIdOf('wx-bank', 'alice')).toBe(openid);
});

test('a result signed without the binding (an adapter that leaves out appid and openid) never verifies', async () => {
  const { platform, sessions, backend } = superapp();
  const openid = await sessions.openIdOf('wx-bank', 'alice');
  await platform.enrolSoterKey('wx-bank', openid, await exportSoterPublicKey(keys.publicKey));
  const resultJSON = buildSoterResultJSON({ challenge: 'c-3', counter: 7, cpuId: 'phone', uid: '10086' });
  const resultJSONSignature = await signSoterResult(resultJSON, keys.privateKey);
  await expect(backend.verify('c-3', openid, { resultJSON, resultJSONSignature })).resolves.toEqual(REFUSED);
  // The same result with the binding verifies with that key.
  const bound = buildSoterResultJSON({ challenge: 'c-3', counter: 7, cpuId: 'phone', uid: '10086', appId: 'wx-bank', openId: openid });
  await expect(backend.verify('c-3', openid, { resultJSON: bound, resultJSONSignature: await signSoterResult(bound, keys.privateKey) })).resolves.toEqual(ACCEPTED);
});
