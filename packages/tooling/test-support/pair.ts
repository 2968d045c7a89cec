/**
 * Test support: a real host and a real guest over a real MessageChannel, and
 * a raw guest that speaks envelopes directly (for hostile inputs).
 */
import { connectGuest, type GuestBridge, type GuestOptions } from '@wxbridge/guest';
import { createHost, createPortTransport, type AppIdentity, type Host, type HostOptions } from '@wxbridge/host';
import { WIRE_MARKER, type Envelope, type ResponseEnvelope } from '@wxbridge/protocol';

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

export interface Pair {
  host: Host;
  bridge: GuestBridge;
  close(): void;
}

export function makePair(
  setup: (host: Host) => void = () => {},
  options: { host?: HostOptions; guest?: Partial<GuestOptions>; app?: AppIdentity } = {},
): Pair {
  const { port1, port2 } = new MessageChannel();
  const host = createHost({ name: 'test-host', version: '9.9.9', ...options.host });
  setup(host);
  host.connect(createPortTransport(port1), options.app ?? { appId: 'wx-test-app', envVersion: 'develop' });
  const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null, ...options.guest });
  const close = track(() => {
    bridge.dispose();
    host.dispose();
    port1.close();
    port2.close();
  });
  return { host, bridge, close };
}

/** A guest that sends whatever it is told, for testing the host's gate. */
export class RawGuest {
  readonly received: Envelope[] = [];
  readonly raw: unknown[] = [];
  private waiters: Array<() => void> = [];
  readonly port: MessagePort;

  constructor(port: MessagePort) {
    this.port = port;
    port.addEventListener('message', (event) => {
      this.raw.push(event.data);
      if (event.data && typeof event.data === 'object') this.received.push(event.data as Envelope);
      for (const wake of this.waiters.splice(0)) wake();
    });
    port.start();
  }

  send(message: unknown): void {
    this.port.postMessage(message);
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
  host.connect(createPortTransport(port1), app);
  const guest = new RawGuest(port2);
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

/** Lets queued messages and microtasks run. */
export function settle(ms = 10): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
