/**
 * The transport contract: how envelopes leave and arrive. One small
 * interface; every channel (MessagePort, window, worker, native webview
 * bridge) is one implementation of it.
 *
 * Anything that is a comlink `Endpoint` (`postMessage`, `addEventListener`,
 * `removeEventListener`: a MessagePort, a Worker, a worker_threads port)
 * becomes a transport with `createPortTransport`.
 */
import type { Endpoint } from 'comlink';
import type { Envelope } from './envelope';

export type { Endpoint };

export interface Transport {
  /** Sends one envelope. May throw if the value cannot cross the channel. */
  send(envelope: Envelope): void;
  /**
   * Delivers every incoming message, still undecoded, to `receive`, until
   * the returned function is called. Filtering by origin and sender happens
   * here, before anything is decoded.
   */
  listen(receive: (data: unknown) => void): () => void;
  /** Releases the channel (closes a port). Optional. */
  close?(): void;
  /**
   * The origins whose messages this transport accepts (a frame's or a webview page's), when it
   * knows them. The host serves one mini program per origin: `host.connect` refuses a transport
   * whose origin already serves another app.
   */
  readonly origins?: readonly string[];
}

/** A transport over a `MessagePort`-like endpoint (browser MessageChannel, Node worker_threads, a Worker). */
export function createPortTransport(port: Endpoint & { close?(): void }): Transport {
  return {
    send(envelope) {
      port.postMessage(envelope);
    },
    listen(receive) {
      const onMessage = (event: Event) => receive((event as MessageEvent).data);
      port.addEventListener('message', onMessage);
      port.start?.();
      return () => port.removeEventListener('message', onMessage);
    },
    close() {
      port.close?.();
    },
  };
}
