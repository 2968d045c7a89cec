// The e2e mini program page: connects to its parent and exposes a few calls for the test to drive.
import { connectGuest, createParentTransport } from '@wxbridge/guest';

declare const HOST_ORIGIN: string;
const bridge = connectGuest({ transport: createParentTransport({ hostOrigin: HOST_ORIGIN }) });
const { wx } = bridge;
// Counts the forged answers that reach this window (the SDK must ignore every one).
const seen = window as unknown as { __forged?: number };
addEventListener('message', (event) => {
  if ((event.data as { result?: { code?: unknown } } | null)?.result?.code === 'forged') seen.__forged = (seen.__forged ?? 0) + 1;
});
let logins = 0;
const settle = <T>(p: Promise<T>) => p.then((value) => value, (error) => error);
(window as unknown as Record<string, unknown>).__mini = {
  ready: () => bridge.ready.then(() => true),
  login: () => (logins++, settle(wx.login())),
  logins: () => logins,
  authorize: (scope: string) => settle(wx.authorize({ scope })),
  account: () => wx.getAccountInfoSync(),
  forgedSeen: () => (window as unknown as { __forged?: number }).__forged ?? 0,
};
