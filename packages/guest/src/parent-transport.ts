/**
 * The guest's side of the window transport: talk to `window.parent` only, accept messages only
 * from it and only from the host origin(s) given, and once the host has answered, only from that
 * origin; adopt the private `MessagePort` the host's welcome brings and use it for everything but
 * hellos. The protocol's `createWindowTransport` with `lockOrigin` and `privatePort: 'accept'`
 * behaves the same; this one carries only the guest's role, because every mini program loads it.
 */
import { checkOrigins, type MessageSource, type PostTarget, type Transport } from '@wxbridge/protocol';

export interface ParentTransportOptions {
  /** The superapp's origin, or a list of them, e.g. `'https://superapp.example.com'`. Required: there is no wildcard. */
  hostOrigin: string | readonly string[];
  /** The parent window; defaults to `window.parent`. */
  parent?: PostTarget;
  /** The window to listen on; defaults to `window`. */
  self?: MessageSource;
}

export function createParentTransport(options: ParentTransportOptions): Transport {
  /** Where messages may come from and go to: every host origin given, then the one the host spoke from. */
  let origins = checkOrigins(options.hostOrigin, 'hostOrigin');
  const self = options.self ?? (globalThis as unknown as MessageSource);
  const parent = () => options.parent ?? (globalThis as unknown as { parent?: PostTarget }).parent;
  /** The private port of the last welcome that brought one. */
  let port: MessagePort | undefined;
  let deliver: ((data: unknown) => void) | undefined;
  return {
    send(envelope) {
      if (port && envelope.kind !== 'hello') return port.postMessage(envelope);
      const peer = parent();
      if (!peer) throw new Error('wxbridge: no parent window');
      // Never '*': before the host has spoken, to each origin it may have (only its own delivers).
      for (const origin of origins) peer.postMessage(envelope, origin);
    },
    listen(receive) {
      deliver = receive;
      const onMessage = (event: MessageEvent) => {
        const peer = parent();
        if (!peer || event.source !== (peer as unknown) || !origins.includes(event.origin)) return;
        const kind = (event.data as { kind?: unknown } | null)?.kind;
        // Once on the port, the window carries only a new welcome (the host reloaded, say).
        if (port && kind !== 'welcome') return;
        origins = [event.origin];
        const offered = event.ports?.[0];
        if (kind === 'welcome' && offered) {
          port?.close();
          const next = (port = offered);
          next.addEventListener('message', (message) => {
            if (port === next) deliver?.(message.data);
          });
          next.start();
        }
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
    },
  };
}
