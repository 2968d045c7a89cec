/**
 * The demo superapp's page: a phone frame holding the mini program's sandboxed cross-origin
 * iframe, the layer its dialogs are drawn on, the mock panel and the call log beside it. The
 * browser script (browser/host-page.ts) reads its configuration from a JSON data block.
 */
import type { AppIdentity } from '@wxbridge/host';

export interface HostPageConfig {
  /** The mini program's origin: the only one the host accepts messages from. */
  miniOrigin: string;
  /** The page the iframe loads. */
  miniUrl: string;
  /** The identity the host binds the mini program to. */
  app: AppIdentity;
  /** What the header calls the mini program (its folder's name). */
  title: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON that is safe inside a `<script>` data block. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function hostPageHtml(config: HostPageConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wxbridge demo superapp: ${escapeHtml(config.title)}</title>
<link rel="stylesheet" href="/host.css">
</head>
<body>
<header class="topbar">
  <strong>wxbridge demo superapp</strong>
  <span class="topbar-note">a real host (@wxbridge/host) answering from the mock (@wxbridge/mock); dialogs are the superapp's</span>
</header>
<main class="layout">
  <section class="device" aria-label="The mini program">
    <div class="device-toolbar">
      <span class="device-title" data-testid="mini-program-title">${escapeHtml(config.title)}</span>
      <button type="button" data-testid="reload-mini-program">Reload</button>
    </div>
    <div class="device-screen">
      <iframe data-testid="mini-program-frame" title="Mini program" sandbox="allow-scripts allow-same-origin allow-forms"></iframe>
      <div class="dialog-layer" data-testid="dialog-layer"></div>
    </div>
  </section>
  <aside class="side">
    <section class="mock-panel" data-testid="mock-panel" aria-label="Mock panel"></section>
    <section class="call-log" data-testid="call-log" aria-label="Calls"></section>
  </aside>
</main>
<script type="application/json" id="demo-config">${jsonForScript(config)}</script>
<script src="/host.js"></script>
</body>
</html>
`;
}
