/**
 * The host's side of a native webview, written in JavaScript (a React Native
 * app): messages arrive as strings through the WebView's `onMessage`, answers
 * leave through `injectJavaScript` (as a JSON string literal, never spliced
 * raw) or the WebView's `postMessage`.
 *
 *   const transport = createWebViewTransport({ injectJavaScript: (js) => ref.current.injectJavaScript(js),
 *                                              allowedOrigins: ['https://mp.example.com'] });
 *   <WebView ref={ref} onMessage={(e) => transport.receive(e.nativeEvent)} />
 */
import { checkOrigins, createStringTransport, receiverCall, type Transport } from '@wxbridge/protocol';

export interface WebViewMessage {
  data: unknown;
  /** The URL of the page that sent it (React Native WebView's `nativeEvent.url`). */
  url?: string;
  /**
   * Whether it came from the page's main frame. Required: a message without `isTopFrame: true` is
   * dropped, since an ad's iframe can post too and the `url` a WebView reports is the main frame's.
   * React Native WebView's `nativeEvent.isTopFrame` gives it where the platform does; native code
   * gets it from iOS `WKScriptMessage.frameInfo.isMainFrame` or Android
   * `WebViewCompat.addWebMessageListener`'s `isMainFrame`.
   */
  isTopFrame?: boolean;
}

export interface WebViewTransportOptions {
  /** Run JavaScript in the page (React Native `injectJavaScript`, Android/iOS `evaluateJavascript`). */
  injectJavaScript?: (code: string) => void;
  /** Or deliver a string as a `message` event (React Native WebView `postMessage`). */
  postMessage?: (text: string) => void;
  /** The page origins accepted; messages from other pages or from sub-frames are dropped. */
  allowedOrigins: readonly string[] | string;
  /** The guest's global receiver (default `__wxbridge_receive__`). */
  receiver?: string;
}

export interface WebViewTransport extends Transport {
  /** Feed every `onMessage` event here. */
  receive(message: WebViewMessage): void;
}

export function createWebViewTransport(options: WebViewTransportOptions): WebViewTransport {
  const allowed = checkOrigins(options.allowedOrigins);
  const { injectJavaScript, postMessage } = options;
  if (!injectJavaScript && !postMessage) {
    throw new TypeError('createWebViewTransport: pass injectJavaScript or postMessage to reach the page');
  }
  const receiver = options.receiver ?? '__wxbridge_receive__';
  let deliver: ((text: string) => void) | undefined;
  const transport = createStringTransport({
    send: (text) => (injectJavaScript ? injectJavaScript(receiverCall(receiver, text)) : postMessage!(text)),
    subscribe(receive) {
      deliver = receive;
      return () => (deliver = undefined);
    },
  });
  const isAllowed = allowedUrl(allowed);
  return {
    ...transport,
    origins: Object.freeze([...allowed]),
    receive(message) {
      // A missing isTopFrame means not top: only the main frame's page speaks for the mini program.
      if (!message || typeof message.data !== 'string' || message.isTopFrame !== true) return;
      if (isAllowed(message.url)) deliver?.(message.data);
    },
  };
}

/**
 * Whether a page URL's origin is one of `allowed`. A page sends many messages from one URL, and
 * parsing it (`new URL`) cost ~1 µs of a ~20 µs round trip, so the verdict on the last URL string
 * is kept: the same text always has the same origin. Anything but a string is parsed every time.
 */
function allowedUrl(allowed: readonly string[]): (url: unknown) => boolean {
  let lastUrl: string | undefined;
  let lastVerdict = false;
  const judge = (url: unknown): boolean => {
    try {
      return allowed.includes(new URL(String(url)).origin);
    } catch {
      return false;
    }
  };
  return (url) => {
    if (typeof url !== 'string') return judge(url);
    if (url !== lastUrl) {
      lastVerdict = judge(url);
      lastUrl = url;
    }
    return lastVerdict;
  };
}
