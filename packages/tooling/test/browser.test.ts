// In a real browser: a superapp page hosting a cross-origin mini program iframe, and a third
// frame from yet another origin forging envelopes. Chromium comes from the system package.
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { bundleForBrowser, CHROMIUM_ARGS, chromiumPath, serveSite, type Site } from '../test-support/serve-origins';

jest.setTimeout(60_000);

let browser: Browser;
let page: Page;
const sites: Site[] = [];
const e2e = (name: string) => join(__dirname, '..', 'e2e', name);

beforeAll(async () => {
  const hostJs = bundleForBrowser(e2e('host-page.ts'));
  const miniJs = bundleForBrowser(e2e('mini-page.ts'));
  const evilJs = bundleForBrowser(e2e('evil-page.ts'));
  const origins: Record<string, string> = {};
  const html = (body: string) => `<!doctype html><meta charset="utf-8"><body>${body}</body>`;
  const host = await serveSite(() => ({
    '/': ['text/html', html(`<iframe id="mini" sandbox="allow-scripts allow-same-origin" src="${origins.mini}/mini.html"></iframe>
      <iframe id="evil" sandbox="allow-scripts" src="${origins.evil}/evil.html"></iframe><script src="/host.js"></script>`)],
    '/host.js': ['text/javascript', `var MINI_ORIGIN = ${JSON.stringify(origins.mini)};\n${hostJs}`],
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

async function miniFrame(): Promise<Frame> {
  const origin = sites[1]!.origin;
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().startsWith(origin));
    if (frame && (await frame.evaluate(() => '__mini' in window).catch(() => false))) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error('the mini program frame did not load');
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
  await page.waitForTimeout(300); // the evil frame has been posting every 20 ms
  const events = await page.evaluate(() => (window as any).__events as string[]);
  expect(events.filter((e) => e === 'call login')).toHaveLength(1); // only the mini program's own login
  expect(events.filter((e) => e.startsWith('error'))).toEqual([]);
  // A forged response never reaches the mini program's calls: a new login gets the real answer.
  expect(await frame.evaluate(() => (window as any).__mini.login())).toEqual({ code: 'browser-wx-e2e', errMsg: 'login:ok' });
});
