/**
 * The system's Chromium with one fresh profile per page, and driving the demo in it as a user
 * does: buttons in the mini program's cross-origin frame, dialogs and the mock panel on the
 * superapp's page. Every wait is for a state the page reports (`data-state="done"` on a
 * result), never a fixed delay.
 */
import { chromium, type Browser, type BrowserContext, type Frame, type FrameLocator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../tooling/test-support/serve-origins';

export type Result = Record<string, unknown>;
export type Viewport = { width: number; height: number };

/**
 * What goes wrong while a page loads, in any of its frames (both origins): console errors,
 * uncaught exceptions, requests that fail or answer 400 and above. Starts listening at once, so
 * call it before `goto`.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

export class DemoPage {
  constructor(
    readonly page: Page,
    private readonly miniOrigin: string,
  ) {}

  get mini(): FrameLocator {
    return this.page.frameLocator('[data-testid="mini-program-frame"]');
  }

  /** The mini program's frame once its guest is connected to the host. */
  async miniFrame(): Promise<Frame> {
    for (let i = 0; i < 200; i++) {
      const frame = this.page.frames().find((f) => f.url().startsWith(this.miniOrigin));
      const connected = frame && (await frame.evaluate(() => (window as unknown as { wxbridge?: { connected: boolean } }).wxbridge?.connected === true).catch(() => false));
      if (connected) return frame!;
      await this.page.waitForTimeout(25);
    }
    throw new Error('the mini program frame did not connect to the host');
  }

  /** Clicks the mini program's button for `id` (a real, trusted click: a tap). */
  async press(id: string): Promise<void> {
    await this.mini.getByTestId(`btn-${id}`).click();
  }

  /** The result shown under the button, once the call has settled. */
  async result(id: string): Promise<Result> {
    const output = this.mini.locator(`[data-testid="result-${id}"][data-state="done"]`);
    await output.waitFor({ timeout: 10_000 });
    return JSON.parse((await output.textContent()) ?? '') as Result;
  }

  /** The state of a button's result: `idle`, `pending` (called, unanswered) or `done`. */
  async resultState(id: string): Promise<string | null> {
    return this.mini.getByTestId(`result-${id}`).getAttribute('data-state');
  }

  /** Presses and waits for the result (no dialog in between). */
  async call(id: string): Promise<Result> {
    await this.press(id);
    return this.result(id);
  }

  /** Clicks a control of the superapp's page (a dialog's button, the panel). */
  async click(testid: string): Promise<void> {
    await this.page.getByTestId(testid).click();
  }

  /** Waits for a dialog, then clicks one of its buttons. */
  async answer(dialog: string, button: string): Promise<void> {
    await this.page.getByTestId(`dialog-${dialog}`).waitFor();
    await this.click(button);
    await this.page.getByTestId(`dialog-${dialog}`).waitFor({ state: 'detached' });
  }

  /** How many dialogs are on screen. */
  dialogCount(): Promise<number> {
    return this.page.locator('[data-testid="dialog-layer"] [role="dialog"]').count();
  }

  /** Agrees to the privacy guideline through wx.requirePrivacyAuthorize. */
  async agreePrivacy(): Promise<void> {
    await this.press('requirePrivacyAuthorize');
    await this.answer('privacy', 'dialog-privacy-agree');
    await this.result('requirePrivacyAuthorize');
  }

  /** Sets one API in the mock panel and applies it; resolves with the panel's message. */
  async setInPanel(api: string, fields: { preset?: string; errno?: string; reason?: string; data?: string }): Promise<string> {
    const form = this.page.getByTestId(`panel-${api}-form`);
    if ((await form.getAttribute('open')) === null) await this.click(`panel-${api}-summary`);
    if (fields.preset !== undefined) await this.page.getByTestId(`panel-${api}-preset`).selectOption(fields.preset);
    for (const name of ['errno', 'reason', 'data'] as const) {
      if (fields[name] !== undefined) await this.page.getByTestId(`panel-${api}-${name}`).fill(fields[name]!);
    }
    await this.click(`panel-${api}-apply`);
    const message = this.page.locator(`[data-testid="panel-${api}-message"]:not([data-kind="pending"])`);
    await message.waitFor();
    return (await message.textContent()) ?? '';
  }
}

/** The system's Chromium (never a download: without it, launching fails), one fresh profile per page. */
export class DemoBrowser {
  private readonly contexts: BrowserContext[] = [];

  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<DemoBrowser> {
    return new DemoBrowser(await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS }));
  }

  /** A page in a fresh profile (empty localStorage), at the laptop size the demo is laid out for unless told. */
  async newPage(viewport: Viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await this.browser.newContext({ viewport });
    this.contexts.push(context);
    return context.newPage();
  }

  /** A fresh profile on the demo's page, its mini program connected. */
  async open(demo: { url: string; miniOrigin: string }, viewport?: Viewport): Promise<DemoPage> {
    const page = await this.newPage(viewport);
    await page.goto(demo.url);
    const demoPage = new DemoPage(page, demo.miniOrigin);
    await demoPage.miniFrame();
    return demoPage;
  }

  /** Closes every page opened so far. */
  async closePages(): Promise<void> {
    for (const context of this.contexts.splice(0)) await context.close();
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
