/**
 * Consent is per user: a privacy question pending for one user is never answered for another
 * (after an account switch on the same connection, bob's call must not ride on alice's "agree"),
 * and the decision is read again after waiting.
 */
import { makePair } from '../../../tooling/test-support/pair';

type Resolve = (answer: { event: 'agree' | 'disagree' }) => void;

function switchingUsers() {
  let user = 'alice';
  const questions: Resolve[] = [];
  const waiters: (() => void)[] = [];
  const pair = makePair((host) => host.handle('getUserInfo', () => ({ nickName: 'n' })), {
    host: { user: () => user, privacy: { contractName: 'Guide' }, userInfo: { mode: 'anonymous' } },
  });
  pair.bridge.wx.onNeedPrivacyAuthorization((resolve) => {
    questions.push(resolve as Resolve);
    for (const wake of waiters.splice(0)) wake();
  });
  /** Resolves once `count` questions have reached the mini program (fails after 2 s). */
  const asked = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${questions.length} privacy questions were asked, expected ${count}`)), 2000);
      const check = () => (questions.length >= count ? (clearTimeout(timer), resolve()) : waiters.push(check));
      check();
    });
  return { ...pair, questions, asked, switchTo: (next: string) => (user = next) };
}

test("after an account switch, bob's call gets its own privacy question and does not ride on alice's agree", async () => {
  const { bridge, questions, asked, switchTo } = switchingUsers();
  const alice = bridge.wx.getUserInfo();
  await asked(1);
  switchTo('bob');
  const bob = bridge.wx.getUserInfo().catch((failure: unknown) => failure);
  // A round trip: bob's call has reached the host (and its user lookup) before alice answers.
  await bridge.wx.getSetting();
  questions[0]!({ event: 'agree' });
  await expect(alice).resolves.toMatchObject({ errMsg: 'getUserInfo:ok' });
  await asked(2);
  questions[1]!({ event: 'disagree' });
  await expect(bob).resolves.toEqual({ errMsg: 'getUserInfo:fail privacy permission is not authorized', errno: 104 });
  // Each decision is the user's own.
  await expect(bridge.wx.getPrivacySetting()).resolves.toMatchObject({ needAuthorization: true });
  switchTo('alice');
  await expect(bridge.wx.getPrivacySetting()).resolves.toMatchObject({ needAuthorization: false });
});

test('two calls of one user share one question, and a call that waited reads the decision made meanwhile', async () => {
  const { bridge, questions, asked } = switchingUsers();
  const first = bridge.wx.getUserInfo();
  const second = bridge.wx.getUserInfo();
  await asked(1);
  questions[0]!({ event: 'agree' });
  await expect(Promise.all([first, second])).resolves.toHaveLength(2);
  await expect(bridge.wx.getUserInfo()).resolves.toMatchObject({ errMsg: 'getUserInfo:ok' });
  expect(questions).toHaveLength(1);
});
