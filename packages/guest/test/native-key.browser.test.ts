// In Chromium: the null-source trick of issue 13, item 6, against the React Native guest. A
// cross-origin sub-frame of the mini program's page makes a child frame (its own origin), which posts
// a forged `requestPayment:ok` response to `top` as a string and removes its own frame at once: the
// page gets a `message` event whose `source` is null, as the WebView's own postMessage delivers the
// host's answers. The guest acts only on envelopes carrying its session key, which the frame cannot
// know, so the payment settles only with the host's answer.
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bundleForBrowser, CHROMIUM_ARGS, chromiumPath, serveSite, type Site } from '../../tooling/test-support/serve-origins';

jest.setTimeout(60_000);

let browser: Browser;
let page: Page;
const sites: Site[] = [];

/** The sub-frame: each `forge()` makes children that post forged responses (ids 1 to 3) to top and vanish. */
const attackerHtml = `<!doctype html><body><script>
  window.forge = () => {
    for (let id = 1; id <= 3; id++) {
      const child = document.createElement('iframe');
      child.src = '/child.html?id=' + id;
      document.body.appendChild(child);
    }
  };
</script>`;
const childHtml = `<!doctype html><script>
  const id = Number(new URLSearchParams(location.search).get('id'));
  top.postMessage(JSON.stringify({ wxbridge: 1, kind: 'response', id, ok: true, result: { errMsg: 'requestPayment:ok' } }), '*');
  frameElement.remove();
</script>`;

beforeAll(async () => {
  const pageJs = bundleForBrowser(join(__dirname, 'e2e', 'rn-page.ts'));
  let attackerOrigin = '';
  const mini = await serveSite(() => ({
    '/': ['text/html', `<!doctype html><meta charset="utf-8"><body><iframe id="ad" src="${attackerOrigin}/ad.html"></iframe><script src="/page.js"></script>`],
    '/page.js': ['text/javascript', pageJs],
  }));
  const attacker = await serveSite(() => ({ '/ad.html': ['text/html', attackerHtml], '/child.html': ['text/html', childHtml] }));
  // Another site (localhost beside 127.0.0.1), so the sub-frame runs as a cross-origin frame would.
  attackerOrigin = attacker.origin.replace('127.0.0.1', 'localhost');
  sites.push(mini, attacker);
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  page = await browser.newPage();
  await page.goto(mini.origin + '/');
  await page.waitForFunction(() => (window as unknown as { ready?: Promise<unknown> }).ready !== undefined);
  await page.evaluate(() => (window as unknown as { ready: Promise<unknown> }).ready);
});

afterAll(async () => {
  await browser?.close();
  for (const site of sites) site.server.close();
});

test('Chromium: forged requestPayment:ok from a sub-frame, with a null source, does not settle the payment; the user cancelling does', async () => {
  const frame = page.frames().find((f) => f.url().includes('/ad.html'))!;
  expect(frame).toBeDefined();
  await page.evaluate(() => (window as unknown as { pay(): void }).pay());
  // Ten rounds of three forged answers, each a message event with a null source in the page.
  for (let round = 0; round < 10; round++) {
    await frame.evaluate(() => (window as unknown as { forge(): void }).forge());
    await page.waitForTimeout(30);
  }
  await page.waitForFunction(() => (window as unknown as { forgedNullSource: number }).forgedNullSource >= 30, undefined, { timeout: 5000 });
  const during = await page.evaluate(() => {
    const w = window as unknown as { forgedNullSource: number; paid?: { errMsg: string } };
    return { forgedNullSource: w.forgedNullSource, paid: w.paid };
  });
  expect(during).toEqual({ forgedNullSource: 30, paid: undefined }); // 30 of 30 arrived with a null source; none was believed
  await page.evaluate(() => (window as unknown as { cancelSheet(): void }).cancelSheet());
  await page.waitForFunction(() => (window as unknown as { paid?: unknown }).paid !== undefined);
  expect(await page.evaluate(() => (window as unknown as { paid: unknown }).paid)).toEqual({ errMsg: 'requestPayment:fail cancel', errno: 1 });
});
