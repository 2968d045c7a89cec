/**
 * The window transport: `window.postMessage` between a page and one other
 * window (a host and its mini program iframe, or the mini program and its
 * parent), with both checks every message must pass:
 *
 * - `event.source` is the peer window, and
 * - `event.origin` is exactly one of the allowed origins (no patterns, no `*`,
 *   no `"null"`; an empty list is refused when the transport is created).
 *
 * Messages are always posted to a concrete origin: the one the peer last
 * spoke from, or, before it has spoken, each allowed origin in turn (only the
 * matching one is delivered by the browser). Never `'*'`.
 */
import type { Envelope } from './envelope';
import type { Transport } from './transport';

/** The part of a window this transport uses to send. */
export interface PostTarget {
  postMessage(message: unknown, targetOrigin: string, transfer?: Transferable[]): void;
}

/** The part of a window this transport listens on. */
export interface MessageSource {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface WindowTransportOptions {
  /** The peer window, looked up at each use (an iframe's `contentWindow` may come later). */
  peer: () => PostTarget | null | undefined;
  /** The exact origins the peer may have, e.g. `['https://mp.example.com']`. */
  allowedOrigins: readonly string[];
  /** The window to listen on; defaults to `globalThis`. */
  self?: MessageSource;
  /**
   * Once a message is accepted, accept only its origin from then on (the
   * guest's rule: "the origin it connected to"). Off for hosts, whose frame
   * may reload at another allowed origin.
   */
  lockOrigin?: boolean;
  /**
   * Move the traffic onto a private `MessageChannel` after the handshake (penpal's pattern), so no
   * other frame can read or inject it. `offer` (the host): the first welcome of each guest session
   * carries a fresh port and the previous one is closed; a repeated welcome of the same session keeps it. `accept` (the guest): adopt the port a welcome brings. After the move only
   * handshake messages (a new hello, a new welcome) still travel over the window.
   */
  privatePort?: 'offer' | 'accept';
}

/** Checks and normalises an allowlist; throws a TypeError that says what is wrong. */
export function checkOrigins(origins: readonly string[] | string | undefined, what = 'allowedOrigins'): string[] {
  const list = typeof origins === 'string' ? [origins] : [...(origins ?? [])];
  if (list.length === 0) throw new TypeError(`${what} must list at least one origin`);
  for (const origin of list) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      // not a URL: `parsed` stays undefined
    }
    if (!parsed || parsed.origin !== origin || origin.includes('*') || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
      throw new TypeError(`${what}: ${JSON.stringify(origin)} is not an origin (http(s)://host[:port])`);
    }
  }
  return list;
}

export function createWindowTransport(options: WindowTransportOptions): Transport {
  const allowed = checkOrigins(options.allowedOrigins);
  let accepted = allowed;
  let peerOrigin: string | undefined = allowed.length === 1 ? allowed[0] : undefined;
  const self = options.self ?? (globalThis as unknown as MessageSource);
  let port: MessagePort | undefined;
  /** The guest session the current port was offered to (the host's side). */
  let portSession: unknown;
  let deliver: ((data: unknown) => void) | undefined;

  function usePort(next: MessagePort): void {
    port?.close();
    port = next;
    next.addEventListener('message', (event) => {
      if (port === next) deliver?.((event as MessageEvent).data);
    });
    next.start();
  }

  function postToWindow(envelope: Envelope, transfer?: Transferable[]): void {
    const peer = options.peer();
    if (!peer) throw new Error('wxbridge: the peer window is not available');
    if (peerOrigin) peer.postMessage(envelope, peerOrigin, transfer);
    else for (const origin of allowed) peer.postMessage(envelope, origin);
  }

  return {
    send(envelope: Envelope) {
      if (options.privatePort === 'offer' && envelope.kind === 'welcome') {
        // A port can be transferred to one window only: offer it once the peer's origin is known.
        if (!peerOrigin) throw new Error('wxbridge: the peer has not said hello yet');
        if (port && envelope.session === portSession) {
          // A repeated hello of the same page: it holds (or is about to adopt) the port already
          // offered, and may have sent calls on it. Keep that port; this welcome brings none.
          postToWindow(envelope);
          return;
        }
        const channel = new MessageChannel();
        usePort(channel.port1);
        portSession = envelope.session;
        postToWindow(envelope, [channel.port2]);
      } else if (port && envelope.kind !== 'hello') port.postMessage(envelope);
      else postToWindow(envelope);
    },
    listen(receive) {
      deliver = receive;
      const onMessage = (event: MessageEvent) => {
        const peer = options.peer();
        if (!peer || event.source !== (peer as unknown) || !accepted.includes(event.origin)) return;
        const kind = (event.data as { kind?: unknown } | null)?.kind;
        if (port && kind !== 'hello' && kind !== 'welcome') return; // after the move, only the handshake
        peerOrigin = event.origin;
        if (options.lockOrigin && accepted.length > 1) accepted = [event.origin];
        const offered = event.ports?.[0];
        if (options.privatePort === 'accept' && kind === 'welcome' && offered) usePort(offered);
        receive(event.data);
      };
      self.addEventListener('message', onMessage);
      return () => {
        self.removeEventListener('message', onMessage);
        deliver = undefined;
      };
    },
    close() {
      port?.close();
      port = undefined;
      portSession = undefined;
    },
  };
}
