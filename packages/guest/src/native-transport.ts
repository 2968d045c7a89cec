/**
 * The guest in a native webview: detect which string-only bridge the page
 * runs in and talk over it.
 *
 * - React Native WebView: send with `window.ReactNativeWebView.postMessage(text)`; the host answers
 *   with the WebView's `postMessage(text)` (a `message` event here) or `injectJavaScript`.
 * - iOS WKWebView: send with `window.webkit.messageHandlers.<name>.postMessage(text)`.
 * - Android WebView: send with `window.<androidName>.postMessage(text)` (an `addJavascriptInterface` object).
 *
 * Native hosts answer by evaluating `window.<receiver>("<JSON text as a string literal>")`
 * (see `receiverCall`), which this transport installs.
 *
 * The host is known by a session key: each hello of a new session carries a new secret `key`, which
 * only the native bridge sees, and anything arriving without it is dropped before anything acts on
 * it (a frame in the page can fire message events here, but cannot read the hello). A host that does
 * not send the key back is never heard: the handshake never completes (docs/protocol.md, section 6).
 */
import { createStringTransport, readFromHost, type Envelope, type StringChannel, type Transport } from '@wxbridge/protocol';

export type NativeBridgeKind = 'react-native' | 'ios' | 'android';

export interface NativeTransportOptions {
  /** The iOS message handler name and the global receiver's suffix. Default `wxbridge`. */
  name?: string;
  /** The Android JavaScript interface's name. Default `WxBridgeAndroid`. */
  androidName?: string;
  /** The global the bridge objects live on (default `globalThis`; tests pass their own). */
  global?: Record<string, unknown>;
}

type Poster = { postMessage(text: string): void };

function poster(value: unknown): Poster | undefined {
  return value && typeof (value as Poster).postMessage === 'function' ? (value as Poster) : undefined;
}

/** Which native bridge this page runs in, if any (never throws). */
export function detectNativeBridge(options: NativeTransportOptions = {}): NativeBridgeKind | undefined {
  const g = options.global ?? (globalThis as Record<string, unknown>);
  if (poster(g.ReactNativeWebView)) return 'react-native';
  const handlers = (g.webkit as { messageHandlers?: Record<string, unknown> } | undefined)?.messageHandlers;
  if (poster(handlers?.[options.name ?? 'wxbridge'])) return 'ios';
  if (poster(g[options.androidName ?? 'WxBridgeAndroid'])) return 'android';
  return undefined;
}

/** The global function native hosts call with each JSON text: `__wxbridge_receive__` by default. */
export function receiverName(options: NativeTransportOptions = {}): string {
  return `__${options.name ?? 'wxbridge'}_receive__`;
}

export function createNativeTransport(options: NativeTransportOptions = {}): Transport {
  const g = options.global ?? (globalThis as Record<string, unknown>);
  const kind = detectNativeBridge(options);
  if (!kind) throw new Error('createNativeTransport: no React Native, iOS or Android bridge found in this page');
  const target =
    kind === 'react-native'
      ? poster(g.ReactNativeWebView)!
      : kind === 'ios'
        ? poster((g.webkit as { messageHandlers: Record<string, unknown> }).messageHandlers[options.name ?? 'wxbridge'])!
        : poster(g[options.androidName ?? 'WxBridgeAndroid'])!;
  const receiver = receiverName(options);
  const channel: StringChannel = {
    send: (text) => target.postMessage(text),
    subscribe(receive) {
      g[receiver] = (text: unknown) => {
        if (typeof text === 'string') receive(text);
      };
      // React Native's WebView.postMessage arrives as a message event (on window, or document on
      // Android) that no window sent: `source` is null. A message with a source came from a frame
      // (an iframe inside the mini program, or a page that holds a handle to it): never the host.
      // One without may not be the host either (a sub-frame can make one): the session key decides.
      const onMessage = (event: Event) => {
        const { data, source } = event as MessageEvent;
        if (typeof data === 'string' && (source === null || source === undefined)) receive(data);
      };
      const sources = [g, g.document].filter(
        (s): s is EventTarget => !!s && typeof (s as EventTarget).addEventListener === 'function',
      );
      if (kind === 'react-native') for (const source of sources) source.addEventListener('message', onMessage);
      return () => {
        delete g[receiver];
        if (kind === 'react-native') for (const source of sources) source.removeEventListener('message', onMessage);
      };
    },
  };
  return keyed(createStringTransport(channel));
}

/**
 * A transport whose hellos carry a key of 128 random bits per session, hearing only envelopes with
 * that key. A welcome for the session without the key comes from the host (only it saw the session
 * id): one that does not send keys back, which is said once on the console.
 */
function keyed(strings: Transport): Transport {
  let session: string | undefined;
  let key: string | undefined;
  let warned = false;
  return {
    send(envelope) {
      if (envelope.kind === 'hello') {
        if (envelope.session !== session) {
          session = envelope.session;
          key = crypto.getRandomValues(new Uint32Array(4)).join('.');
        }
        envelope = { ...envelope, key };
      }
      strings.send(envelope);
    },
    listen(receive) {
      // Each envelope of a batch is checked for the key as if it had come alone (one closure, not one per message).
      const keyed = (envelope: Envelope): void => {
        if (key !== undefined && envelope.key === key) receive(envelope);
        else if (envelope.kind === 'welcome' && envelope.session === session && !warned) {
          warned = true;
          console.warn('wxbridge: host sent no session key (docs/protocol.md, section 6)');
        }
      };
      return strings.listen((text) => readFromHost(text, keyed));
    },
    close: () => strings.close?.(),
  };
}
