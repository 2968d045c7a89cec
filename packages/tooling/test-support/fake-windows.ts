/**
 * Two windows for Node tests: a host page and its mini program frame, each with an origin.
 * `postMessage(data, targetOrigin, transfer)` behaves as a browser's does for what the window
 * transports rely on: delivery only when `targetOrigin` matches the receiver's origin (or is '*'),
 * `event.source` is the sender's window, `event.origin` the sender's origin, `event.ports` the transfer.
 * Browsers are the real thing (the e2e tests); these let the logic be tested exhaustively.
 */
export interface FakeWindow {
  origin: string;
  target: EventTarget;
  /** What this window posted to the other one. */
  posted: Array<{ data: unknown; targetOrigin: string }>;
  /**
   * Messages received and not dispatched yet (delivery is a task later, as in a browser): at 0,
   * this window's listeners have handled everything posted to it so far.
   */
  pending: number;
  /** The handle other windows hold to post to this one. */
  proxy: { postMessage(data: unknown, targetOrigin: string, transfer?: Transferable[]): void };
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** Delivers a message as if `from` posted it. */
  receiveFrom(from: FakeWindow, data: unknown, ports?: readonly MessagePort[]): void;
}

export function fakeWindow(origin: string): FakeWindow {
  const target = new EventTarget();
  const win: FakeWindow = {
    origin,
    target,
    posted: [],
    pending: 0,
    proxy: { postMessage: () => {} },
    addEventListener: (type, listener) => target.addEventListener(type, listener as EventListener),
    removeEventListener: (type, listener) => target.removeEventListener(type, listener as EventListener),
    receiveFrom(from, data, ports = []) {
      const event = Object.assign(new Event('message'), {
        data: JSON.parse(JSON.stringify(data)),
        origin: from.origin,
        source: from.proxy,
        ports,
      });
      win.pending++;
      setTimeout(() => {
        try {
          target.dispatchEvent(event);
        } finally {
          win.pending--;
        }
      }, 0);
    },
  };
  return win;
}

/** Wires `a` and `b` so that each one's proxy posts into the other, sent by the other. */
export function linkWindows(host: FakeWindow, frame: FakeWindow): void {
  const deliver = (to: FakeWindow, from: FakeWindow) => (data: unknown, targetOrigin: string, transfer?: Transferable[]) => {
    from.posted.push({ data, targetOrigin });
    if (targetOrigin !== to.origin && targetOrigin !== '*') return;
    to.receiveFrom(from, data, (transfer ?? []) as MessagePort[]);
  };
  host.proxy.postMessage = deliver(host, frame); // the frame posting to window.parent
  frame.proxy.postMessage = deliver(frame, host); // the host posting to iframe.contentWindow
}
