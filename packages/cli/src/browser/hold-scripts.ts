/**
 * The page's scripts after the guest script wait for the superapp's welcome: `wx.getAccountInfoSync()`
 * and `wx.canIUse()` answer from the mini program's first line, whatever the page (the generated one
 * or the folder's own index.html) and however fast its scripts arrive. Without this, a script that
 * is already there (a reload) runs before the handshake has had a turn.
 *
 * How: a MutationObserver sees each script the parser inserts before the parser runs it (the parser
 * performs a microtask checkpoint before it prepares a script), and gives it a type no browser runs.
 * The parser, finding no script to run, leaves it alone, and forgets that it inserted it. Once the
 * page is parsed and the welcome is in, each gets its own type back and is inserted again where it
 * was, which runs it as a script the page inserted, in the order the browser would have run them:
 * classic scripts in the page's order (an inline one after the external ones before it have
 * loaded), then the deferred ones and modules in the page's order (inserted with `async = false`,
 * the browser keeps their order), then the async ones as they load. They run after
 * DOMContentLoaded, as scripts a page inserts do, and not while the page is parsed (no `document.write`).
 */

/** The type a held script has until it is run: none that a browser runs. */
const HELD_TYPE = 'text/x-wxbridge-held';

/** The types of script a browser runs (the JavaScript MIME type essences, `module`, or none). */
const RUNNABLE = /^(?:(?:text|application)\/(?:x-)?(?:java|ecma)script|text\/(?:javascript1\.[0-5]|jscript|livescript)|module|)$/i;

interface Held {
  script: HTMLScriptElement;
  /** Its `type` attribute as the page wrote it (null: none). */
  type: string | null;
  /** When the browser would run it: 0 in order, 1 after parsing (defer, modules), 2 when loaded (async). */
  turn: 0 | 1 | 2;
  /** Settles when it has loaded or failed to (an external script; an inline one never does). */
  loaded: Promise<void>;
  /** It loaded before being released: a script another script inserted, which ran by itself. */
  ranAlready: boolean;
}

/**
 * Holds `script` if it is one the browser would run and has not started: gives it a type no
 * browser runs, and says how to run it later. Undefined for anything else.
 */
function hold(script: HTMLScriptElement): Held | undefined {
  // A script made with createElement (by a script before the guest's) is `async` without the
  // attribute and has already started; `nomodule` scripts never run in a browser with modules.
  if ((script.async && !script.hasAttribute('async')) || script.noModule) return undefined;
  const type = script.getAttribute('type');
  const kind = (type ?? '').trim();
  // Not a script type (a JSON data block), or one held already.
  if (!RUNNABLE.test(kind)) return undefined;
  const module = kind.toLowerCase() === 'module';
  const turn = script.async && (module || script.src) ? 2 : module || (script.defer && script.src) ? 1 : 0;
  const entry: Held = { script, type, turn, loaded: Promise.resolve(), ranAlready: false };
  entry.loaded = new Promise((resolve) => {
    const settle = () => {
      script.removeEventListener('load', settle);
      script.removeEventListener('error', settle);
      // Still held when it loaded: it had started before it was seen.
      if (script.type === HELD_TYPE) entry.ranAlready = true;
      resolve();
    };
    script.addEventListener('load', settle);
    script.addEventListener('error', settle);
  });
  script.type = HELD_TYPE;
  return entry;
}

/** Runs the held scripts, in the order the browser would have; resolves once the external ones have loaded. */
async function release(held: Held[]): Promise<void> {
  /** The external scripts released so far, until each has loaded. */
  const loading: Promise<void>[] = [];
  // A stable sort: in the page's order within each turn, so every inline classic script (turn 0)
  // comes before any module.
  for (const entry of held.sort((a, b) => a.turn - b.turn)) {
    const { script, type } = entry;
    if (type === null) script.removeAttribute('type');
    else script.setAttribute('type', type);
    const { parentNode, nextSibling } = script;
    // Gone from the page, or already run by itself: nothing to run.
    if (!parentNode || entry.ranAlready) continue;
    if (!script.src && entry.turn === 0) {
      // An inline classic script runs as it is inserted: after the scripts before it.
      await Promise.all(loading);
    } else {
      // The others run in the order they are inserted (the async ones when they have loaded).
      script.async = entry.turn === 2;
      if (script.src) loading.push(entry.loaded);
    }
    // Inserting it again runs it: the parser let go of it when it found it held.
    parentNode.insertBefore(script, nextSibling);
  }
  await Promise.all(loading);
}

/**
 * Holds every script inserted after this call until `ready` resolves and the page is parsed, then
 * runs them; resolves once they are all released and the external ones have loaded. Does nothing
 * (resolves at once) when the page is already parsed: there is nothing left to hold.
 */
export function holdScriptsUntil(ready: Promise<unknown>, doc: Document = document): Promise<void> {
  if (doc.readyState !== 'loading') return Promise.resolve();
  const held: Held[] = [];
  const visit = (node: Node) => {
    const entry = node instanceof HTMLScriptElement ? hold(node) : undefined;
    if (entry) held.push(entry);
  };
  // A script inserted inside an element inserted at once is in that element's record only; one
  // seen twice is held once (a held script's type is not one that runs).
  const take = (records: MutationRecord[]) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        visit(node);
        if (node instanceof Element) node.querySelectorAll('script').forEach(visit);
      }
    }
  };
  const observer = new MutationObserver(take);
  observer.observe(doc, { childList: true, subtree: true });

  const parsed = new Promise<void>((resolve) => {
    const check = () => {
      if (doc.readyState === 'loading') return;
      doc.removeEventListener('readystatechange', check);
      resolve();
    };
    doc.addEventListener('readystatechange', check);
  });

  return Promise.all([ready, parsed]).then(() => {
    take(observer.takeRecords());
    observer.disconnect();
    return release(held);
  });
}
