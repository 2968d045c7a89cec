/**
 * String-only bridges (React Native `postMessage(string)`, Android
 * `addJavascriptInterface`, iOS `WKScriptMessageHandler`): the same envelopes
 * as JSON text. Anything that is not a string is dropped on arrival.
 */
import { encodeEnvelope } from './codec';
import type { Transport } from './transport';

export interface StringChannel {
  /** Hands one JSON text to the other side. */
  send(text: string): void;
  /** Calls `receive` with every text from the other side until the returned function is called. */
  subscribe(receive: (text: string) => void): () => void;
  close?(): void;
}

export function createStringTransport(channel: StringChannel): Transport {
  return {
    send: (envelope) => channel.send(encodeEnvelope(envelope)),
    listen: (receive) =>
      channel.subscribe((text) => {
        if (typeof text === 'string') receive(text);
      }),
    close: () => channel.close?.(),
  };
}

/**
 * A call of `receiver(text)` as JavaScript source, for `injectJavaScript` / `evaluateJavascript`.
 * The text is never spliced in raw: it becomes a JSON string literal, with U+2028 and U+2029
 * escaped too (older engines end a line at them), so quotes, `);alert(1)//` and line separators
 * inside it stay data.
 */
export function receiverCall(receiver: string, text: string): string {
  if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(receiver)) {
    throw new TypeError(`receiverCall: ${JSON.stringify(receiver)} is not a plain global function name`);
  }
  const literal = JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `${receiver}(${literal});true;`;
}
