/**
 * The demo superapp's page: one phone frame per mini program, each holding its sandboxed
 * cross-origin iframe and the layer its dialogs are drawn on; the mock panel and the call log
 * beside them, and with the open-platform server the user's inbox of subscription messages. The
 * browser script (browser/host-page.ts) reads its configuration from a JSON data block.
 */
import type { AppIdentity } from '@wxbridge/host';
import type { PagePlatform } from './platform-wire';

export interface HostPageApp {
  /** The mini program's own origin: the only one the host accepts its messages from. */
  origin: string;
  /** The page its iframe loads. */
  url: string;
  /** The identity the host binds that origin to. */
  app: AppIdentity;
  /** What the phone's header calls the mini program (its folder's name). */
  title: string;
}

export interface HostPageConfig {
  /** The mini programs, each on its own origin. */
  apps: readonly HostPageApp[];
  /** The open-platform server (wxbridge dev): v2 login through the dev command's store, and the inbox. */
  platform?: PagePlatform;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON that is safe inside a `<script>` data block. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** One phone: the mini program's frame, its dialog layer, its title and its Reload button. */
const device = ({ app, title }: HostPageApp) => `    <section class="device" data-testid="device" data-app-id="${escapeHtml(app.appId)}" aria-label="Mini program ${escapeHtml(title)}">
      <div class="device-toolbar">
        <span class="device-title" data-testid="mini-program-title">${escapeHtml(title)}</span>
        <button type="button" data-testid="reload-mini-program">Reload</button>
      </div>
      <div class="device-screen">
        <iframe data-testid="mini-program-frame" title="Mini program ${escapeHtml(title)}" sandbox="allow-scripts allow-same-origin allow-forms"></iframe>
        <div class="dialog-layer" data-testid="dialog-layer"></div>
      </div>
    </section>
`;

export function hostPageHtml(config: HostPageConfig): string {
  const titles = config.apps.map((app) => app.title).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wxbridge demo superapp: ${escapeHtml(titles)}</title>
<link rel="stylesheet" href="/host.css">
</head>
<body>
<header class="topbar">
  <strong>wxbridge demo superapp</strong>
  <span class="topbar-note">a real host (@wxbridge/host) answering from the mock (@wxbridge/mock)${config.platform ? ', logging in against the open-platform server (@wxbridge/server)' : ''}; dialogs are the superapp's</span>
</header>
<main class="layout">
  <div class="devices">
${config.apps.map(device).join('')}  </div>
  <aside class="side">
${config.platform ? '    <section class="inbox" data-testid="inbox" aria-label="Inbox"></section>\n' : ''}    <section class="mock-panel" data-testid="mock-panel" aria-label="Mock panel"></section>
    <section class="call-log" data-testid="call-log" aria-label="Calls"></section>
  </aside>
</main>
<script type="application/json" id="demo-config">${jsonForScript(config)}</script>
<script src="/host.js"></script>
</body>
</html>
`;
}
