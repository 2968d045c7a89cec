// In a real browser: a superapp page hosting a cross-origin mini program iframe, and a third
// frame from yet another origin forging envelopes. Chromium comes from the system package.
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { bundleForBrowser, CHROMIUM_ARGS, chromiumPath, serveSite, type Site } from '../test-support/serve-origins';

jest.setTimeout(60_000);
// A real browser on a shared 2-core machine: a scenario that fails is run again (at most twice), its
// first failure printed; one that fails every time still fails the run.
jest.retryTimes(2, { logErrorsBeforeRetry: true });

let browser: Browser;
let page: Page;
const sites: Site[] = [];
const e2e = (name: string) => join(__dirname, '..', 'e2e', name);

/**
 * A spy on the same-origin frame's postMessage, in both directions, recording each target origin
 * and whether wxbridge's bundles (host.js, mini.js) made the call. The browser takes
 * `event.source` from the realm of the function that calls the real postMessage, so each wrapper
 * is made in the caller's realm: the frame's own for its posts to the parent, the parent's (via
 * parent.Function) for the host's posts to the frame. The frame's page loads it (spy.js) before
 * mini.js: an init script (page.addInitScript) is not always run in that frame's document, whose
 * window the browser reuses from the frame's initial about:blank (seen under load: it ran for
 * about:blank only, and the spy recorded nothing).
 */
function installSpy(): void {
  const posts: Array<{ kind: unknown; targetOrigin: unknown; ours: boolean }> = [];
  (window as any).__posts = posts;
  const up = window.parent as Window & { __nativePostMessage?: Window['postMessage'] };
  // Always call the parent's own postMessage, never another frame's wrapper.
  const toParent = (up.__nativePostMessage ??= up.postMessage);
  const record = (message: unknown, target: unknown) => {
    const targetOrigin = typeof target === 'object' && target !== null ? (target as { targetOrigin?: unknown }).targetOrigin : target;
    const kind = (message as { kind?: unknown } | null)?.kind;
    posts.push({ kind, targetOrigin, ours: /\/(host|mini)\.js/.test(new Error().stack ?? '') });
  };
  up.postMessage = function (message: unknown, target?: unknown, transfer?: Transferable[]) {
    record(message, target);
    return (toParent as (...a: unknown[]) => void).call(up, message, target, transfer);
  } as typeof toParent;
  const toSelf = window.postMessage;
  const makeInParentRealm = new (up as any).Function(
    'original', 'self', 'record',
    'return function (message, target, transfer) { record(message, target); return original.call(self, message, target, transfer); };',
  );
  window.postMessage = makeInParentRealm(toSelf, window, record);
}

beforeAll(async () => {
  const hostJs = bundleForBrowser(e2e('host-page.ts'));
  const miniJs = bundleForBrowser(e2e('mini-page.ts'));
  const evilJs = bundleForBrowser(e2e('evil-page.ts'));
  const origins: Record<string, string> = {};
  const html = (body: string) => `<!doctype html><meta charset="utf-8"><body>${body}</body>`;
  const host = await serveSite(() => ({
    '/': ['text/html', html(`<iframe id="mini" sandbox="allow-scripts allow-same-origin" src="${origins.mini}/mini.html"></iframe>
      <iframe id="evil" sandbox="allow-scripts" src="${origins.evil}/evil.html"></iframe>
      <iframe id="lookalike" sandbox="allow-scripts allow-same-origin" src="${origins.mini!.replace('127.0.0.1', 'localhost')}/mini.html"></iframe>
      <iframe id="twin" sandbox="allow-scripts allow-same-origin" src="${origins.mini}/mini.html?twin"></iframe>
      <iframe id="spied" src="/mini.html"></iframe><script src="/host.js"></script>`)],
    '/host.js': ['text/javascript', `var MINI_ORIGIN = ${JSON.stringify(origins.mini)};\n${hostJs}`],
    // The spied frame's page: the spy first, then the mini program.
    '/mini.html': ['text/html', html('<script src="/spy.js"></script><script src="/mini.js"></script>')],
    '/spy.js': ['text/javascript', `(${installSpy.toString()})();`],
    '/mini.js': ['text/javascript', `var HOST_ORIGIN = ${JSON.stringify(origins.host)};\n${miniJs}`],
  }));
  const mini = await serveSite(() => ({
    '/mini.html': ['text/html', html('<script src="/mini.js"></script>')],
    '/mini.js': ['text/javascript', `var HOST_ORIGIN = ${JSON.stringify(origins.host)};\n${miniJs}`],
  }));
  const evil = await serveSite(() => ({
    '/evil.html': ['text/html', html('<script src="/evil.js"></script>')],
    '/evil.js': ['text/javascript', evilJs],
  }));
  Object.assign(origins, { host: host.origin, mini: mini.origin, evil: evil.origin });
  sites.push(host, mini, evil);
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  page = await browser.newPage();
  await page.goto(host.origin + '/');
});

afterAll(async () => {
  await browser?.close();
  for (const site of sites) site.server.close();
});

/** The frame whose URL `matches`, once its mini program script has run (it defines `__mini`). */
async function loadedFrame(matches: (url: string) => boolean, timeout = 20_000): Promise<Frame> {
  // Listening before looking: a frame that navigates in between is not missed.
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => matches(f.url()), timeout });
  const present = page.frames().find((f) => matches(f.url()));
  if (present) navigated.catch(() => {});
  const frame = present ?? (await navigated);
  await frame.waitForFunction(() => '__mini' in window, undefined, { timeout });
  return frame;
}

async function miniFrame(): Promise<Frame> {
  const origin = sites[1]!.origin;
  return loadedFrame((url) => url.startsWith(origin));
}

test('a cross-origin mini program logs in and asks for scopes through the host', async () => {
  const frame = await miniFrame();
  expect(await frame.evaluate(() => (window as any).__mini.ready())).toBe(true);
  expect(await frame.evaluate(() => (window as any).__mini.login())).toEqual({ code: 'browser-wx-e2e', errMsg: 'login:ok' });
  expect(await frame.evaluate(() => (window as any).__mini.account())).toEqual({
    miniProgram: { appId: 'wx-e2e', envVersion: 'develop', version: '' },
  });
  expect(await frame.evaluate(() => (window as any).__mini.authorize('scope.camera'))).toEqual({ errMsg: 'authorize:ok' });
  expect(await frame.evaluate(() => (window as any).__mini.authorize('scope.record'))).toEqual({
    errMsg: 'authorize:fail auth deny',
    errno: 103,
  });
});

test('a third frame forging envelopes at the host and at the mini program is ignored', async () => {
  const frame = await miniFrame();
  // The evil frame posts a round every 20 ms: wait until it has posted more than five and the mini
  // program's window has seen more than five forged answers.
  const evilFrame = page.frames().find((f) => f.url().startsWith(sites[2]!.origin))!;
  await evilFrame.waitForFunction(() => (window as any).__rounds > 5);
  await frame.waitForFunction(() => (window as any).__mini.forgedSeen() > 5);
  const events = await page.evaluate(() => (window as any).__events as string[]);
  // Only the mini program's own logins ran, none of the forged requests.
  expect(events.filter((e) => e === 'call login')).toHaveLength(await frame.evaluate(() => (window as any).__mini.logins()));
  expect(events.filter((e) => e.startsWith('error'))).toEqual([]);
  // The evil frame did post, and its forged answers did reach the mini program's window...
  const evil = page.frames().find((f) => f.url().startsWith(sites[2]!.origin))!;
  expect(await evil.evaluate(() => (window as any).__rounds)).toBeGreaterThan(5);
  expect(await frame.evaluate(() => (window as any).__mini.forgedSeen())).toBeGreaterThan(5);
  // ...yet none reaches a call: logins (whatever their ids, 1 to 16 are all forged) get the real answer.
  for (let i = 0; i < 3; i++) {
    expect(await frame.evaluate(() => (window as any).__mini.login())).toEqual({ code: 'browser-wx-e2e', errMsg: 'login:ok' });
  }
});

test('a lookalike origin (same page, localhost instead of 127.0.0.1) is refused: no welcome, no calls', async () => {
  const lookalikeOrigin = sites[1]!.origin.replace('127.0.0.1', 'localhost');
  const frame: Frame | undefined = await loadedFrame((url) => url.startsWith(lookalikeOrigin));
  expect(frame).toBeDefined();
  // A negative with no event to wait for (the host drops the hello without a word): the guest,
  // which says hello again at 50, 150, 350, 750 ms..., gets no welcome within 1.5 s.
  const outcome = await frame!.evaluate(() =>
    Promise.race([(window as any).__mini.ready(), new Promise((resolve) => setTimeout(() => resolve('no welcome'), 1500))]),
  );
  expect(outcome).toBe('no welcome');
  // The host never took its hello: that connection has no guest, and it answered no call.
  expect(await page.evaluate(() => (window as any).__lookalikeConnected())).toBe(false);
  const events = await page.evaluate(() => (window as any).__events as string[]);
  expect(events.filter((e) => e.startsWith('error'))).toEqual([]);
});

test('one origin serves one mini program: a second app on the origin of the first is refused, and its frame reaches nothing', async () => {
  const frame = await miniFrame();
  expect(await frame.evaluate(() => (window as any).__mini.ready())).toBe(true);
  const events = await page.evaluate(() => (window as any).__events as string[]);
  const mini = sites[1]!.origin;
  expect(events).toContain(
    `refused host.connect: ${mini} already serves mini program wx-e2e; one origin serves one mini program, so serve wx-twin from its own origin (e.g. https://wx-twin.apps.example)`,
  );
  expect(events).not.toContain('connect wx-twin');
  // The twin page can reach its sibling's window (same origin), but no call of its own is ever answered.
  const twin = page.frames().find((f) => f.url() === mini + '/mini.html?twin')!;
  // A negative with no event to wait for (nothing answers the twin): no welcome within 1 s.
  const outcome = await twin.evaluate(() =>
    Promise.race([(window as any).__mini.ready(), new Promise((resolve) => setTimeout(() => resolve('no welcome'), 1000))]),
  );
  expect(outcome).toBe('no welcome');
});

test("a spy on postMessage shows the host and the guest never post with '*'", async () => {
  const hostOrigin = sites[0]!.origin;
  const spied: Frame | undefined = await loadedFrame((url) => url === hostOrigin + '/mini.html');
  expect(await spied!.evaluate(() => (window as any).__mini.ready())).toBe(true);
  expect(await spied!.evaluate(() => (window as any).__mini.login())).toEqual({ code: 'browser-wx-spied', errMsg: 'login:ok' });
  type Post = { kind: unknown; targetOrigin: unknown; ours: boolean };
  const recorded = (await spied!.evaluate(() => (window as any).__posts)) as Post[];
  const posts = recorded.filter((p) => p.ours);
  if (posts.length === 0) throw new Error('the spy saw none of our posts; it recorded ' + JSON.stringify(recorded));
  // The hellos up and the welcome down were seen, every one to the concrete origin, none to '*'.
  expect(new Set(posts.map((p) => p.kind))).toEqual(new Set(['hello', 'welcome']));
  for (const post of posts) expect(post.targetOrigin).toBe(hostOrigin);
});
