/** Test support for the mock host: everything opened is closed after the test. */
import type { GuestOptions } from '@wxbridge/guest';
import type { WxResult } from '@wxbridge/protocol';
import { createMockHost, type MockHost, type MockHostOptions } from '@wxbridge/mock';
import { exportSoterPublicKey } from '@wxbridge/host';
import { onCleanup } from '../../tooling/test-support/pair';
import { openPlatform } from '../../tooling/test-support/open-platform';

export { until } from '../../tooling/test-support/pair';

export function openMock(options: MockHostOptions = {}): MockHost {
  const mock = createMockHost(options);
  onCleanup(() => mock.dispose());
  return mock;
}

/** A mock host and one guest of it (no tap target: taps come from `runInTap`). */
export function openPair(options: MockHostOptions = {}, guest: Partial<GuestOptions> = {}) {
  const mock = openMock(options);
  const { bridge } = mock.connectGuest({ tapTarget: null, ...guest });
  return { mock, bridge, wx: bridge.wx };
}

export type Settled = { ok: boolean; result: WxResult };

/** A call's result, whether it succeeded or failed. */
export function settled(promise: Promise<unknown>): Promise<Settled> {
  return promise.then(
    (result) => ({ ok: true, result: result as WxResult }),
    (result: unknown) => ({ ok: false, result: result as WxResult }),
  );
}

/** An open-type detail as a settled result (its errMsg tells success from fail). */
export async function detail(promise: Promise<unknown>): Promise<Settled> {
  const result = (await promise) as WxResult;
  return { ok: result.errMsg.endsWith(':ok'), result };
}

/** A SOTER result as `wx.startSoterAuthentication` gives it. */
export interface SoterResultOf {
  resultJSON: string;
  resultJSONSignature: string;
}

/**
 * What the mini program's backend learns from the open-platform server (`verify_signature`, over
 * real HTTP) about a result of the mock's simulated device: the server is given the device's key
 * for (appId, openid) as the host records it, and checks the signature, the app, the user and the counter.
 */
export async function verifyOnServer(publicKey: CryptoKey, result: SoterResultOf, appId: string, openid: string) {
  const platform = openPlatform({ apps: [appId] });
  await platform.enrolSoterKey(appId, openid, await exportSoterPublicKey(publicKey));
  return platform.verifySoter(appId, { openid, json_string: result.resultJSON, json_signature: result.resultJSONSignature });
}

/** `verifyOnServer` for a result of the mock host's own device, for its signed-in user. */
export async function mockResultVerifies(mock: MockHost, result: SoterResultOf, appId = 'wx-mock-app') {
  const openid = await mock.host.sessions.openIdOf(appId, 'anonymous');
  return verifyOnServer((await mock.soterKeyPair()).publicKey, result, appId, openid);
}
