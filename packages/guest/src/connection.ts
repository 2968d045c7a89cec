/**
 * The connection to the host over the transport: what the guest sends, and what it reads (the
 * protocol's decoder checks it). It starts with the handshake, a `hello` with a fresh session id
 * said again with a growing delay until the host's `welcome` for that session comes, and starts it
 * again after the host's goodbye.
 */
import {
  PROTOCOL_VERSION,
  WIRE_MARKER,
  createSender,
  readFromHost,
  type ByeEnvelope,
  type Envelope,
  type EventEnvelope,
  type ResponseEnvelope,
  type SendFailed,
  type Transport,
  type WelcomeEnvelope,
} from '@wxbridge/protocol';
import type { Call } from './call-options';

export const SDK_VERSION = '0.1.0';
/** The most envelopes the guest reads in one batch: what its hello offers. */
const BATCH_OFFER = 1024;

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
  /**
   * Sends an envelope, at once or, once the host has accepted batching, with the others of this
   * task (docs/protocol.md, section 17); a request with its call, which `unsent` is told of if
   * its sending throws.
   */
  post: (envelope: Envelope, call?: Call) => void,
  /** Starts listening, sending what the host sends to `routes`, and the handshake. */
  open: (routes: Routes) => void,
  /** Stops saying hello, says goodbye if connected, stops listening and closes the transport. */
  close: () => void,
  /** The current session's welcome, once the handshake has completed. */
  welcome: () => WelcomeEnvelope | undefined,
  /** Resolves with the current session's welcome. */
  ready: () => Promise<WelcomeEnvelope>,
];

/**
 * Nothing is sent or listened to before `open`. `unsent` is told of an envelope that could not be
 * sent, with what the transport threw and, for a request, its call: now, or when its batch went out.
 */
export function createConnection(transport: Transport, unsent: SendFailed<Call>): Connection {
  let session: string;
  let welcome: WelcomeEnvelope | undefined;
  let ready: Promise<WelcomeEnvelope>;
  let resolveReady: (welcome: WelcomeEnvelope) => void;
  let helloTimer: ReturnType<typeof setTimeout> | undefined;
  let helloDelay: number;
  let closed = false;
  let unlisten: () => void;
  let routes: Routes;
  // Batches once the welcome of the session has accepted them; hellos go before it, alone.
  const [post, flush] = createSender<Call>(
    transport,
    () => welcome?.batch ?? 0,
    unsent,
  );

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
    // Offers batching (docs/protocol.md, section 17): the most envelopes the guest reads in one batch.
    post({ wxbridge: WIRE_MARKER, kind: 'hello', protocol: PROTOCOL_VERSION, sdk: SDK_VERSION, session, batch: BATCH_OFFER });
  }

  /** One envelope from the host (each of a batch in turn: readFromHost). */
  function route(envelope: Envelope): void {
    if (closed) return;
    const kind = envelope.kind as keyof Routes;
    if (kind === 'welcome') {
      if ((envelope as WelcomeEnvelope).session !== session || welcome) return;
      clearTimeout(helloTimer);
      resolveReady((welcome = envelope as WelcomeEnvelope));
    } else if (kind === 'bye' && !welcome) return;
    // readFromHost() reads only the kinds a host sends.
    routes[kind](envelope as never);
    if (kind === 'bye') start();
  }

  return [
    post,
    (to) => {
      routes = to;
      unlisten = transport.listen((data) => readFromHost(data, route));
      start();
    },
    () => {
      closed = true;
      clearTimeout(helloTimer);
      if (welcome) post({ wxbridge: WIRE_MARKER, kind: 'bye', reason: 'guest disposed' });
      flush();
      unlisten();
      transport.close?.();
    },
    () => welcome,
    () => ready,
  ];
}
