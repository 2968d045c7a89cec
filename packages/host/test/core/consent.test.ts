/**
 * The consent path's shared questions: calls of one app and user asking the same thing share one
 * sheet; one that gives up stops waiting without closing the sheet for the others, and the sheet
 * is told to close only when every call waiting on it has given up.
 */
import { connectGuest } from '@wxbridge/guest';
import { createHost, createPortTransport, type AuthorizePromptRequest, type Connection } from '@wxbridge/host';
import { onCleanup } from '../../../tooling/test-support/pair';

function oneAppManyPages() {
  const shown: AuthorizePromptRequest[] = [];
  const answers: ((allow: boolean) => void)[] = [];
  const waiters: (() => void)[] = [];
  const host = createHost({
    prompts: {
      authorize: (request) =>
        new Promise<boolean>((resolve) => {
          shown.push(request);
          answers.push(resolve);
          for (const wake of waiters.splice(0)) wake();
        }),
    },
  });
  onCleanup(() => host.dispose());
  /** Another page of the same app (and user), on its own connection. */
  const page = () => {
    const { port1, port2 } = new MessageChannel();
    const connection: Connection = host.connect(createPortTransport(port1), { appId: 'wx-shared' });
    const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
    onCleanup(() => (bridge.dispose(), port1.close(), port2.close()));
    /** Leaves, and resolves once the host has ended the page's session. */
    const leave = () => {
      const ended = new Promise<void>((resolve) => connection.sessionSignal.addEventListener('abort', () => resolve(), { once: true }));
      bridge.dispose();
      return ended;
    };
    return { wx: bridge.wx, leave };
  };
  const sheetShown = () => new Promise<void>((resolve) => (shown.length > 0 ? resolve() : waiters.push(resolve)));
  return { page, shown, answers, sheetShown };
}

test('one page leaving does not close a shared sheet: the other page still gets the answer, and it is stored', async () => {
  const { page, shown, answers, sheetShown } = oneAppManyPages();
  const [first, second] = [page(), page()];
  const leaving = first.wx.authorize({ scope: 'scope.camera' }).catch((failure: unknown) => failure);
  await sheetShown();
  const staying = second.wx.authorize({ scope: 'scope.camera' });
  await second.wx.getSetting(); // a round trip: the second call has joined the question
  await first.leave();
  await expect(leaving).resolves.toEqual({ errMsg: 'authorize:fail bridge disposed' });
  expect(shown).toHaveLength(1);
  expect(shown[0]!.signal.aborted).toBe(false);
  answers[0]!(true);
  await expect(staying).resolves.toEqual({ errMsg: 'authorize:ok' });
  await expect(second.wx.getSetting()).resolves.toMatchObject({ authSetting: { 'scope.camera': true } });
  expect(shown).toHaveLength(1);
});

test('when every page waiting on a shared sheet has left, the sheet is told to close and nothing is stored', async () => {
  const { page, shown, answers, sheetShown } = oneAppManyPages();
  const [first, second] = [page(), page()];
  void first.wx.authorize({ scope: 'scope.record' }).catch(() => {});
  await sheetShown();
  void second.wx.authorize({ scope: 'scope.record' }).catch(() => {});
  await second.wx.getSetting();
  await first.leave();
  expect(shown[0]!.signal.aborted).toBe(false);
  await second.leave();
  expect(shown[0]!.signal.aborted).toBe(true);
  answers[0]!(true);
  // A later page of the app finds the scope never asked.
  await expect(page().wx.getSetting()).resolves.toEqual({ authSetting: {}, errMsg: 'getSetting:ok' });
});
