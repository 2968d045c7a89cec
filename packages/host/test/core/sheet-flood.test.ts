/**
 * A hostile mini program that claims a tap on every call cannot flood the user with sheets:
 * payment and the open-type sheets go through the same queue and per-minute limit as every other
 * sheet (before, 500 calls of each showed 500 sheets, 40 at once, with promptsPerMinute: 10).
 */
import type { CallContext } from '@wxbridge/host';
import { rawPair } from '../../../tooling/test-support/pair';

const SHEETS = {
  requestPayment: { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' },
  getPhoneNumber: {},
  getEmailAddress: {},
  chooseAvatar: {},
} as const;

test('500 tap-claiming calls of each sheet API show at most promptsPerMinute sheets, one at a time', async () => {
  let shown = 0;
  let open = 0;
  let mostOpen = 0;
  const sheet = async (_params: unknown, ctx: CallContext) => {
    shown++;
    mostOpen = Math.max(mostOpen, ++open);
    await new Promise((resolve) => setTimeout(resolve, 1));
    open--;
    return ctx.api === 'chooseAvatar' ? { avatarUrl: 'a' } : {};
  };
  const { guest } = rawPair(
    (host) => {
      for (const api of Object.keys(SHEETS)) host.handle(api as never, sheet as never);
    },
    { appId: 'wx-greedy' },
    { promptsPerMinute: 10, maxQueuedPrompts: 100 },
  );
  guest.hello();
  let id = 0;
  for (let round = 0; round < 10; round++) {
    for (const [api, params] of Object.entries(SHEETS)) {
      for (let n = 0; n < 50; n++) guest.request(++id, api, params, { tap: true });
    }
    await guest.response(id);
  }
  await guest.until(() => guest.responses().length === id);
  const refused = guest.responses().filter((r) => !r.ok && (r.result as { errno?: number }).errno === 1003);
  expect(id).toBe(2000);
  expect(shown).toBeLessThanOrEqual(10);
  expect(mostOpen).toBe(1);
  expect(refused).toHaveLength(id - shown);
  console.log(`sheet flood: ${id} tap-claiming calls, ${shown} sheets shown, at most ${mostOpen} open at once, ${refused.length} refused with errno 1003`);
});
