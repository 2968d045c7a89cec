/**
 * The connection to the host over the transport: what the guest sends, and what it reads (the
 * protocol's decoder checks it). It starts with the handshake, a `hello` with a fresh session id
 * said again with a growing delay until the host's `welcome` for that session comes, and starts it
 * again after the host's goodbye.
 */
import {
  PROTOCOL_VERSION,
  WIRE_MARKER,
  decodeFromHost,
  type ByeEnvelope,
  type Envelope,
  type EventEnvelope,
  type ResponseEnvelope,
  type Transport,
  type WelcomeEnvelope,
} from '@wxbridge/protocol';

export const SDK_VERSION = '0.1.0';

/**
 * What the runtime does with what the host sends: the welcome of the current session, responses,
 * events, and a goodbye once connected (the handshake then starts again).
 */
export interface Routes {
  welcome(envelope: WelcomeEnvelope): void;
  response(envelope: ResponseEnvelope): void;
  event(envelope: EventEnvelope): void;
  bye(envelope: ByeEnvelope): void;
}

export type Connection = [
  /** Sends an envelope; returns what the transport threw, if it threw. */
  post: (envelope: Envelope) => unknown,
  /** Starts listening, sending what the host sends to `routes`, and the handshake. */
  open: (routes: Routes) => void,
  /** Stops saying hello, says goodbye if connected, stops listening and closes the transport. */
  close: () => void,
  /** The current session's welcome, once the handshake has completed. */
  welcome: () => WelcomeEnvelope | undefined,
  /** Resolves with the current session's welcome. */
  ready: () => Promise<WelcomeEnvelope>,
];

/** Nothing is sent or listened to before `open`. */
export function createConnection(transport: Transport): Connection {
  let session: string;
  let welcome: WelcomeEnvelope | undefined;
  let ready: Promise<WelcomeEnvelope>;
  let resolveReady: (welcome: WelcomeEnvelope) => void;
  let helloTimer: ReturnType<typeof setTimeout> | undefined;
  let helloDelay: number;
  let closed = false;
  let unlisten: () => void;
  let routes: Routes;

  function post(envelope: Envelope): unknown {
    try {
      transport.send(envelope);
    } catch (error) {
      // Something to tell from success even when what was thrown is undefined.
      return error ?? Error();
    }
  }

  function start(): void {
    // 96 random bits: three random 32-bit numbers joined by dots.
    session = crypto.getRandomValues(new Uint32Array(3)).join('.');
    welcome = undefined;
    helloDelay = 50;
    ready = new Promise((resolve) => (resolveReady = resolve));
    sayHello();
  }

  /**
   * Says hello, and again later unless the welcome comes or the connection closes first: the next
   * hello's timer is set before sending, so that either, even from inside send(), clears it.
   */
  function sayHello(): void {
    helloTimer = setTimeout(sayHello, helloDelay);
    helloDelay = Math.min(helloDelay * 2, 1000);
    post({ wxbridge: WIRE_MARKER, kind: 'hello', protocol: PROTOCOL_VERSION, sdk: SDK_VERSION, session });
  }

  function receive(data: unknown): void {
    if (closed) return;
    const envelope = decodeFromHost(data);
    const kind = envelope?.kind as keyof Routes | undefined;
    if (kind === 'welcome') {
      if ((envelope as WelcomeEnvelope).session !== session || welcome) return;
      clearTimeout(helloTimer);
      resolveReady((welcome = envelope as WelcomeEnvelope));
    } else if (kind === 'bye' && !welcome) return;
    // decodeFromHost() reads only the kinds a host sends.
    if (kind) routes[kind](envelope as never);
    if (kind === 'bye') start();
  }

  return [
    post,
    (to) => {
      routes = to;
      unlisten = transport.listen(receive);
      start();
    },
    () => {
      closed = true;
      clearTimeout(helloTimer);
      if (welcome) post({ wxbridge: WIRE_MARKER, kind: 'bye', reason: 'guest disposed' });
      unlisten();
      transport.close?.();
    },
    () => welcome,
    () => ready,
  ];
}
