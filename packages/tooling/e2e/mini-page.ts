// The e2e mini program page: connects to its parent and exposes a few calls for the test to drive.
import { connectGuest, createParentTransport } from '@wxbridge/guest';

declare const HOST_ORIGIN: string;
const bridge = connectGuest({ transport: createParentTransport({ hostOrigin: HOST_ORIGIN }) });
const { wx } = bridge;
const settle = <T>(p: Promise<T>) => p.then((value) => value, (error) => error);
(window as unknown as Record<string, unknown>).__mini = {
  ready: () => bridge.ready.then(() => true),
  login: () => settle(wx.login()),
  authorize: (scope: string) => settle(wx.authorize({ scope })),
  account: () => wx.getAccountInfoSync(),
  forgedSeen: () => (window as unknown as { __forged?: number }).__forged ?? 0,
};
