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
  /** Whether it came from the top frame (`nativeEvent.isTopFrame`, where the WebView reports it). */
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
  return {
    ...transport,
    receive(message) {
      if (!message || typeof message.data !== 'string' || message.isTopFrame === false) return;
      let origin: string | undefined;
      try {
        origin = new URL(String(message.url)).origin;
      } catch {
        origin = undefined;
      }
      if (origin && allowed.includes(origin)) deliver?.(message.data);
    },
  };
}
