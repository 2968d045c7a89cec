// The sync APIs answer from the mini program's first line (issue 14, item 1): `wxbridge dev` runs the
// page's scripts after the guest script only once the superapp's welcome is in, so
// `wx.getAccountInfoSync()` and `wx.canIUse(...)` at the top of app.js answer on every load, not only
// when app.js happens to arrive after the handshake. Each mini program is reloaded 20 times with its
// phone's Reload button, and each load records what the calls returned. Chromium is the system's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../tooling/test-support/serve-origins';
import { DEMO_APP, SAMPLE_MINI_PROGRAM, startDemo, type Demo } from '../src/start-demo';

jest.setTimeout(120_000);

const RELOADS = 20;
const APP_ONLY_ID = 'wxapponly0000001';
const OWN_PAGE_ID = 'wxownpage0000001';

/** What app.js records at its first lines, as the sample shows it under "At start-up". */
const startup = (appId: string) => ({
  'wx.getAccountInfoSync()': { miniProgram: { appId, envVersion: 'develop', version: '' } },
  "wx.canIUse('button.open-type.getUserInfo')": true,
});

/** An app.js whose first lines are the two sync calls; it shows what they returned. */
const APP_ONLY_JS = `const account = wx.getAccountInfoSync();
const canGetUserInfo = wx.canIUse('button.open-type.getUserInfo');
const output = document.createElement('pre');
output.dataset.testid = 'result-startup';
output.textContent = JSON.stringify({ 'wx.getAccountInfoSync()': account, "wx.canIUse('button.open-type.getUserInfo')": canGetUserInfo });
output.dataset.state = 'done';
document.body.append(output);
`;

/**
 * A page of its own whose scripts after the guest script are of every kind. Each notes its name and
 * what the sync APIs answered; the list is shown once all six have run. A JSON data block stays data.
 */
const OWN_PAGE_HTML = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>Own page</title></head>
<body>
<script src="/__wxbridge/guest.js"></script>
<script>
const ran = [];
function note(name) {
  ran.push([name, wx.getAccountInfoSync().miniProgram.appId, wx.canIUse('button.open-type.getUserInfo')]);
  if (ran.length < 6) return;
  const output = document.createElement('pre');
  output.dataset.testid = 'result-startup';
  output.textContent = JSON.stringify({ ran, data: JSON.parse(document.getElementById('data').textContent) });
  output.dataset.state = 'done';
  document.body.append(output);
}
note('inline');
</script>
<script src="first.js"></script>
<script type="module">note('inline module');</script>
<script src="async.js" async></script>
<script src="deferred.js" defer></script>
<script src="last.js"></script>
<script type="application/json" id="data">{"kept": true}</script>
</body>
</html>
`;

let demo: Demo;
let browser: Browser;
let page: Page;
const folders: string[] = [];
/** Uncaught exceptions in the page and its frames (an app.js whose first line threw). */
const errors: string[] = [];

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxbridge-sync-first-line-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  folders.push(dir);
  return dir;
}

beforeAll(async () => {
  const appOnly = folder({ 'app.js': APP_ONLY_JS, 'project.config.json': JSON.stringify({ appid: APP_ONLY_ID }) });
  const ownPage = folder({
    'index.html': OWN_PAGE_HTML,
    'first.js': "note('first.js');",
    'async.js': "note('async.js');",
    'deferred.js': "note('deferred.js');",
    'last.js': "note('last.js');",
    'project.config.json': JSON.stringify({ appid: OWN_PAGE_ID }),
  });
  demo = await startDemo({ port: 0, miniDirs: [SAMPLE_MINI_PROGRAM, appOnly, ownPage] });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  // Listening before the first load: an exception in any frame of the page (app.js's) is kept.
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(demo.url);
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** The frame of the mini program served on `origin`. */
function frameOf(origin: string): Frame {
  const frame = page.frames().find((f) => f.url().startsWith(origin));
  if (!frame) throw new Error(`no frame of ${origin}`);
  return frame;
}

/**
 * What the current load of the mini program on `origin` recorded at start-up, once it has: polls the
 * page's own state (`result-startup` done in a document not marked as seen), then marks the document.
 */
async function recorded(origin: string): Promise<unknown> {
  for (let i = 0; i < 400; i++) {
    const text = await frameOf(origin)
      .evaluate(() => {
        const w = window as unknown as { seen?: boolean };
        const output = document.querySelector('[data-testid="result-startup"][data-state="done"]');
        if (w.seen || !output) return null;
        w.seen = true;
        return output.textContent;
      })
      .catch(() => null); // navigating: the document went away under the evaluation
    if (text) return JSON.parse(text) as unknown;
    await page.waitForTimeout(25);
  }
  throw new Error(`${origin} recorded nothing at start-up (see the errors: ${JSON.stringify(errors)})`);
}

/** What the first load of the mini program of phone `index` and each of `RELOADS` reloads (its Reload button) recorded. */
async function loadsOf(index: number): Promise<unknown[]> {
  const { origin } = demo.apps[index]!;
  const loads = [await recorded(origin)];
  for (let i = 0; i < RELOADS; i++) {
    await page.getByTestId('device').nth(index).getByTestId('reload-mini-program').click();
    loads.push(await recorded(origin));
  }
  return loads;
}

test(`the sample (its own index.html): both sync calls at the top of app.js answer on the first load and ${RELOADS} reloads`, async () => {
  expect(await loadsOf(0)).toEqual(Array(RELOADS + 1).fill(startup(DEMO_APP.appId)));
  expect(errors).toEqual([]);
});

test(`a folder with only an app.js (the generated page): the same on the first load and ${RELOADS} reloads`, async () => {
  expect(await loadsOf(1)).toEqual(Array(RELOADS + 1).fill(startup(APP_ONLY_ID)));
  expect(errors).toEqual([]);
});

test('a page of its own: every script after the guest script runs once, after the welcome, in the order the browser would run it', async () => {
  const loads = await loadsOf(2);
  expect(loads).toHaveLength(RELOADS + 1);
  for (const load of loads as { ran: [string, string, boolean][]; data: unknown }[]) {
    // Each answered the sync calls as bound to this app.
    expect(load.ran.filter(([, appId, canIUse]) => appId !== OWN_PAGE_ID || !canIUse)).toEqual([]);
    // Classic scripts in the page's order, then the deferred ones (the module too); the async one
    // when it has loaded, wherever that falls.
    const names = load.ran.map(([name]) => name);
    expect(names.filter((name) => name !== 'async.js')).toEqual(['inline', 'first.js', 'last.js', 'inline module', 'deferred.js']);
    expect(names.filter((name) => name === 'async.js')).toHaveLength(1);
    expect(load.data).toEqual({ kept: true });
  }
  expect(errors).toEqual([]);
});
