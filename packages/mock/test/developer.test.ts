/**
 * How a mini program developer uses the mock host in their own Jest suite:
 * their code calls the global `wx`, the mock answers it.
 */
import type { Wx } from '@wxbridge/guest';
import { createMockHost, type MockHost } from '@wxbridge/mock';

declare const wx: Wx;

// --- the developer's mini program code under test -------------------------
async function signIn(): Promise<{ ok: true; code: string } | { ok: false; message: string }> {
  try {
    const { code } = await wx.login();
    return { ok: true, code };
  } catch (error) {
    return { ok: false, message: (error as { errMsg: string }).errMsg };
  }
}
// ---------------------------------------------------------------------------

describe('my mini program signs in', () => {
  let mock: MockHost;

  beforeEach(() => {
    mock = createMockHost();
    mock.connectGuest().bridge.install(globalThis);
  });

  afterEach(() => {
    mock.dispose();
    delete (globalThis as { wx?: Wx }).wx;
  });

  it('sends the login code on', async () => {
    await expect(signIn()).resolves.toEqual({ ok: true, code: expect.stringMatching(/^mock-code-/) });
  });

  it('shows a message when login fails', async () => {
    await mock.set('login', { preset: 'error', reason: 'system error', errno: 1 });
    await expect(signIn()).resolves.toEqual({ ok: false, message: 'login:fail system error' });
  });
});
