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
 */
import { createStringTransport, type StringChannel, type Transport } from '@wxbridge/protocol';

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
  return createStringTransport(channel);
}
