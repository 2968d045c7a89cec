/**
 * Test support: a real host and a real guest over a real MessageChannel, and
 * a raw guest that speaks envelopes directly (for hostile inputs).
 */
import { connectGuest, type GuestBridge, type GuestOptions } from '@wxbridge/guest';
import { createHost, createPortTransport, type AppIdentity, type Host, type HostOptions } from '@wxbridge/host';
import { WIRE_MARKER, type Envelope, type ResponseEnvelope, type Transport } from '@wxbridge/protocol';

/** Everything a test opened; closed after each test even when it fails, so no port keeps Jest alive. */
const open = new Set<() => void>();

function track(close: () => void): () => void {
  const once = () => {
    open.delete(once);
    close();
  };
  open.add(once);
  return once;
}

export function closeAll(): void {
  for (const close of [...open]) close();
}

/**
 * Waits for an event that a test can only see as state: a callback pushed its result, a handler or
 * prompt hook was called, a signal fired. Resolves as soon as `predicate` holds (at once if it already
 * does), re-checking every millisecond or so; rejects after `timeoutMs`, naming `what`. The deadline
 * only turns a missing event into a clear failure: nothing waits longer than the event takes.
 */
export async function until(predicate: () => unknown, what: string | (() => string) = 'the condition', timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * The API of every call that reaches `host` from now on, in order of arrival (its `call` event, fired
 * as the gate starts on the call): for waiting until calls sent at once have all arrived.
 */
export function arrivals(host: Host): string[] {
  const apis: string[] = [];
  host.on('call', (info) => apis.push(info.api));
  return apis;
}

/** What crossed one side of a channel: messages sent, and messages received whose listener has returned. */
interface Traffic {
  sent: number;
  handled: number;
}

/** `transport`, counting into `traffic`; it behaves exactly as `transport` does. */
function counted(transport: Transport, traffic: Traffic): Transport {
  return {
    ...transport,
    send(envelope) {
      transport.send(envelope);
      traffic.sent++;
    },
    listen: (receive) =>
      transport.listen((data) => {
        try {
          receive(data);
        } finally {
          traffic.handled++;
        }
      }),
  };
}

/**
 * Waits until each side has handled every message the other has sent so far: the host has run its
 * (synchronous) handling of each of the guest's messages and vice versa. Proves that what a test sent
 * has been processed, with no time guessed; work a message starts asynchronously (a handler's promise,
 * a store read) may still be running.
 */
function drainedBetween(a: Traffic, b: Traffic): Promise<void> {
  return until(
    () => a.handled >= b.sent && b.handled >= a.sent,
    () => `both sides to handle what the other sent (host handled ${a.handled} of ${b.sent}, guest ${b.handled} of ${a.sent})`,
  );
}

/** A guest connected to a host, and the ways to wait for what crosses between them. */
export interface Joined {
  bridge: GuestBridge;
  /** Resolves once the host has handled every message the guest sent so far and the guest every message the host sent. */
  drained(): Promise<void>;
  /**
   * Resolves once nothing is under way between the two: every message handled on both sides, no
   * call running on the host, none pending in the guest. A callback that made another call would
   * have sent it by then, so a chain of callbacks (a docs sample) has run to its end.
   */
  idle(): Promise<void>;
  close(): void;
}

export interface Pair extends Joined {
  host: Host;
}

function join(host: Host, app: AppIdentity, guest: Partial<GuestOptions>): Omit<Joined, 'close'> & { ports: MessagePort[] } {
  const { port1, port2 } = new MessageChannel();
  const hostSide: Traffic = { sent: 0, handled: 0 };
  const guestSide: Traffic = { sent: 0, handled: 0 };
  const connection = host.connect(counted(createPortTransport(port1), hostSide), app);
  const bridge = connectGuest({ transport: counted(createPortTransport(port2), guestSide), tapTarget: null, ...guest });
  const idle = () =>
    until(
      () => hostSide.handled >= guestSide.sent && guestSide.handled >= hostSide.sent && connection.runningCount === 0 && bridge.pendingCount === 0,
      () =>
        `nothing under way (host handled ${hostSide.handled} of ${guestSide.sent}, guest ${guestSide.handled} of ${hostSide.sent}; ` +
        `${connection.runningCount} running on the host, ${bridge.pendingCount} pending in the guest)`,
    );
  return { bridge, drained: () => drainedBetween(hostSide, guestSide), idle, ports: [port1, port2] };
}

/**
 * A new guest of an existing `host` (e.g. one an example builds) over a counted MessageChannel;
 * closed after the test (the guest and the channel; the host is the caller's).
 */
export function joinHost(host: Host, app: AppIdentity, guest: Partial<GuestOptions> = {}): Joined {
  const { ports, ...joined } = join(host, app, guest);
  const close = track(() => {
    joined.bridge.dispose();
    for (const port of ports) port.close();
  });
  return { ...joined, close };
}

export function makePair(
  setup: (host: Host) => void = () => {},
  options: { host?: HostOptions; guest?: Partial<GuestOptions>; app?: AppIdentity } = {},
): Pair {
  const host = createHost({ name: 'test-host', version: '9.9.9', ...options.host });
  setup(host);
  const { ports, ...joined } = join(host, options.app ?? { appId: 'wx-test-app', envVersion: 'develop' }, options.guest ?? {});
  const close = track(() => {
    joined.bridge.dispose();
    host.dispose();
    for (const port of ports) port.close();
  });
  return { ...joined, host, close };
}

/** A guest that sends whatever it is told, for testing the host's gate. */
export class RawGuest {
  readonly received: Envelope[] = [];
  readonly raw: unknown[] = [];
  private waiters: Array<() => void> = [];
  readonly port: MessagePort;
  /** Messages sent through `send` (and its helpers). */
  private sent = 0;
  /** What the host side of the channel sent and handled, when a rawPair counts it. */
  private readonly hostSide: Traffic | undefined;

  constructor(port: MessagePort, hostSide?: Traffic) {
    this.port = port;
    this.hostSide = hostSide;
    port.addEventListener('message', (event) => {
      this.raw.push(event.data);
      if (event.data && typeof event.data === 'object') this.received.push(event.data as Envelope);
      for (const wake of this.waiters.splice(0)) wake();
    });
    port.start();
  }

  send(message: unknown): void {
    this.port.postMessage(message);
    this.sent++;
  }

  request(id: number, api: string, params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): void {
    this.send({ wxbridge: WIRE_MARKER, kind: 'request', id, api, params, ...extra });
  }

  hello(session = 'session-1'): void {
    this.send({ wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'raw', session });
  }

  responses(): ResponseEnvelope[] {
    return this.received.filter((e): e is ResponseEnvelope => e.kind === 'response');
  }

  /** Waits until `predicate` holds over what was received (or fails after `ms`). */
  async until(predicate: () => boolean, ms = 2000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('timed out waiting; received: ' + JSON.stringify(this.received));
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
  }

  /**
   * Resolves once the host has handled every message sent so far (its synchronous part: a decode
   * error, a replay, a goodbye are reported by then) and this guest has received everything the host
   * sent. Needs the host side counted (a `rawPair`).
   */
  drained(): Promise<void> {
    if (!this.hostSide) throw new Error('RawGuest.drained needs a rawPair, which counts what the host handled');
    const hostSide = this.hostSide;
    return until(
      () => hostSide.handled >= this.sent && this.raw.length >= hostSide.sent,
      () => `the host to handle what the guest sent (${hostSide.handled} of ${this.sent}) and the guest what the host sent (${this.raw.length} of ${hostSide.sent})`,
    );
  }

  async response(id: number): Promise<ResponseEnvelope> {
    await this.until(() => this.responses().some((r) => r.id === id));
    return this.responses().find((r) => r.id === id)!;
  }
}

export function rawPair(
  setup: (host: Host) => void = () => {},
  app: AppIdentity = { appId: 'wx-raw-app' },
  hostOptions: HostOptions = {},
): { host: Host; guest: RawGuest; close(): void } {
  const { port1, port2 } = new MessageChannel();
  const host = createHost({ name: 'raw-host', version: '1.0.0', ...hostOptions });
  setup(host);
  const hostSide: Traffic = { sent: 0, handled: 0 };
  host.connect(counted(createPortTransport(port1), hostSide), app);
  const guest = new RawGuest(port2, hostSide);
  const close = track(() => {
    host.dispose();
    port1.close();
    port2.close();
  });
  return { host, guest, close };
}

/** Registers any other clean-up (a port, a bridge) to run after the current test. */
export function onCleanup(close: () => void): void {
  track(close);
}
