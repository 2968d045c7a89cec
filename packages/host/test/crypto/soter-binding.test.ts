/**
 * Issue 13, item 10: a SOTER result names its app and user. Through the real guest and host: one
 * superapp, one (simulated) biometric device, two mini programs; the bank's backend learns its
 * user's openid the normal way (a v2 login code, code2Session) and verifies with the helpers.
 */
import { connectGuest, type GuestBridge } from '@wxbridge/guest';
import {
  buildSoterResultJSON,
  createPortTransport,
  generateSoterKeyPair,
  SessionService,
  signSoterResult,
  verifySoterResult,
  type Host,
} from '@wxbridge/host';
import { createSoftwareBiometricDevice } from '@wxbridge/mock';
import { makePair, onCleanup } from '../../../tooling/test-support/pair';

let keys: CryptoKeyPair;

beforeAll(async () => {
  keys = await generateSoterKeyPair();
});

/** The bank's backend: one-time challenges, its own appId, the device's last counter. */
class BankBackend {
  readonly appId = 'wx-bank';
  private lastCounter: number | null = null;
  constructor(private readonly sessions: SessionService) {}

  async openidOf(bridge: GuestBridge): Promise<string> {
    const answer = await this.sessions.code2Session(this.appId, (await bridge.wx.login()).code);
    if (!('openid' in answer)) throw new Error(JSON.stringify(answer));
    return answer.openid;
  }

  async verify(challenge: string, openid: string, result: { resultJSON: string; resultJSONSignature: string }) {
    const verdict = await verifySoterResult({
      resultJSON: result.resultJSON,
      signature: result.resultJSONSignature,
      publicKey: keys.publicKey,
      expectedChallenge: challenge,
      expectedAppId: this.appId,
      expectedOpenId: openid,
      lastCounter: this.lastCounter,
    });
    if (verdict.ok) this.lastCounter = verdict.counter;
    return verdict;
  }
}

/** One superapp host serving the bank and a game, with one biometric device; `as.user` is who is signed in. */
function superapp() {
  const as = { user: 'alice' };
  const sessions = new SessionService({ secret: 'superapp-and-backends' });
  const device = createSoftwareBiometricDevice({ modes: ['fingerPrint'], privateKey: keys.privateKey, publicKey: keys.publicKey, uid: '10086', cpuId: 'phone' });
  const bank = makePair(() => {}, {
    host: { biometrics: device, sessions, apiVersion: { login: 'v2' }, user: () => as.user },
    app: { appId: 'wx-bank' },
  });
  const game = connect(bank.host, 'wx-bonus-game');
  return { as, sessions, bank: bank.bridge, game, backend: new BankBackend(sessions) };
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
  const { bank, game, backend } = superapp();
  const openid = await backend.openidOf(bank);
  const challenge = 'bank-challenge-transfer-1000';
  const relayed = await soter(game, challenge, 'Touch to collect your daily bonus');
  await expect(backend.verify(challenge, openid, relayed)).resolves.toEqual({ ok: false, reason: 'app mismatch' });
  expect(JSON.parse(relayed.resultJSON)).toMatchObject({ raw: challenge, appid: 'wx-bonus-game' });
  // The bank's own prompt, for the same challenge and user, verifies.
  const own = await soter(bank, challenge, 'Confirm the transfer');
  await expect(backend.verify(challenge, openid, own)).resolves.toMatchObject({ ok: true, result: { appid: 'wx-bank', openid } });
});

test("another user's result (an account switch on the same phone) is refused as that user's", async () => {
  const { as, bank, backend } = superapp();
  const alice = await backend.openidOf(bank);
  as.user = 'bob';
  const bobs = await soter(bank, 'c-1', 'Confirm the transfer');
  await expect(backend.verify('c-1', alice, bobs)).resolves.toEqual({ ok: false, reason: 'user mismatch' });
});

test('replay: by default a result verifies once; leaving out lastCounter is an error, not a pass', async () => {
  const { bank, backend, sessions } = superapp();
  const openid = await backend.openidOf(bank);
  const result = await soter(bank, 'c-2', 'Confirm the transfer');
  await expect(backend.verify('c-2', openid, result)).resolves.toMatchObject({ ok: true, counter: 1 });
  await expect(backend.verify('c-2', openid, result)).resolves.toEqual({ ok: false, reason: 'counter not increased' });
  const careless = { resultJSON: result.resultJSON, signature: result.resultJSONSignature, publicKey: keys.publicKey, expectedChallenge: 'c-2' };
  await expect(verifySoterResult({ ...careless, expectedAppId: 'wx-bank', expectedOpenId: openid } as never)).rejects.toThrow(
    /lastCounter must be the highest counter accepted from this device/,
  );
  await expect(verifySoterResult({ ...careless, lastCounter: null } as never)).rejects.toThrow(/expectedAppId must be/);
  expect(await sessions.openIdOf('wx-bank', 'alice')).toBe(openid);
});

test('a result signed without the binding (an adapter that leaves out appid and openid) never verifies', async () => {
  const resultJSON = buildSoterResultJSON({ challenge: 'c-3', counter: 7, cpuId: 'phone', uid: '10086' });
  const resultJSONSignature = await signSoterResult(resultJSON, keys.privateKey);
  const backend = new BankBackend(new SessionService({ secret: 's' }));
  await expect(backend.verify('c-3', 'some-openid', { resultJSON, resultJSONSignature })).resolves.toEqual({ ok: false, reason: 'app mismatch' });
});
