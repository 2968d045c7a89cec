/** Test support for the mock host: everything opened is closed after the test. */
import type { GuestOptions } from '@wxbridge/guest';
import type { WxResult } from '@wxbridge/protocol';
import { createMockHost, type MockHost, type MockHostOptions } from '@wxbridge/mock';
import { onCleanup } from '../../tooling/test-support/pair';

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
