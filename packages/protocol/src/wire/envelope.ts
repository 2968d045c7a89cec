/**
 * The wire protocol: every message wxbridge sends is one of these envelopes.
 *
 * Envelopes are JSON-safe (no functions, no structured-clone-only values), so
 * the same protocol travels over `window.postMessage`, `MessagePort`, workers
 * and string-only native webview bridges. Every envelope carries the marker
 * `wxbridge: 1`, so a channel shared with other traffic can tell it apart.
 * `docs/protocol.md` is the specification; this file is its type.
 */
import type { HostAccountInfo } from '../catalogue/api-types';
import type { SchemaTree } from '../catalogue/schema-tree';
import type { WxResult } from '../errors';

/** The protocol version this package speaks. */
export const PROTOCOL_VERSION = 1;
/** The marker value: the wire format's major version. */
export const WIRE_MARKER = 1;

/** Limits the host enforces on a connection; announced in the welcome. */
export interface Limits {
  /** Largest accepted message: characters (UTF-16 code units) of its JSON text, or an equivalent cost estimate for an object. */
  maxMessageBytes: number;
  /** Deepest accepted nesting of objects and arrays inside an envelope. */
  maxDepth: number;
  /** Most calls the host runs at once for one connection. */
  maxInFlight: number;
}

interface Marked {
  wxbridge: typeof WIRE_MARKER;
  /**
   * The session key (`docs/protocol.md`, section 6), carried only by a hello and what a host sends:
   * a secret of 1 to 128 characters a string-bridge guest chooses per session and sends in its
   * hello, which only the native bridge sees. A host puts the key of the hello that started the
   * session in everything it sends in that session (welcome, response, event, bye), and the guest
   * drops what arrives without it: a page's frames can fire message events too, but cannot read the
   * hello. Absent when the hello had none.
   */
  key?: string;
}

/** guest → host: the first message of a page load. */
export interface HelloEnvelope extends Marked {
  kind: 'hello';
  protocol: number;
  sdk: string;
  /** A fresh random id per page load; a new session means a new page. */
  session: string;
  /**
   * Offers batching (`docs/protocol.md`, section 17): the most envelopes the guest reads in one
   * `batch`. Absent: the guest reads one envelope per message.
   */
  batch?: number;
}

/** host → guest: the answer to a hello. */
export interface WelcomeEnvelope extends Marked {
  kind: 'welcome';
  protocol: number;
  session: string;
  host: { name: string; version: string };
  account: HostAccountInfo;
  /** The APIs this host offers: the sync APIs and every API it answers. */
  capabilities: string[];
  /** Capabilities that show the user something (custom APIs): not timed out by default. */
  interactive?: string[];
  /**
   * Every schema `wx.canIUse` answers `true` for on this connection (`docs/protocol.md`, section 6):
   * the guest answers by looking the schema up here. Without it the guest knows only its sync APIs.
   */
  canIUse?: string[];
  /**
   * The catalogue's schema tree (`schemaTree()`), which guests before `canIUse` answered from.
   * The reference guest no longer reads it.
   */
  schemas?: SchemaTree;
  limits: Limits;
  /**
   * Accepts the hello's offer of batching (`docs/protocol.md`, section 17): the most envelopes the
   * host reads in one `batch`. Absent: the host reads one envelope per message, and sends so.
   */
  batch?: number;
}

/** guest → host: call an API. */
export interface RequestEnvelope extends Marked {
  kind: 'request';
  /** Positive integer, strictly increasing within a session. */
  id: number;
  api: string;
  params: Record<string, unknown>;
  /** The guest believes this call was made inside a user tap. */
  tap?: boolean;
}

/** host → guest: the one answer to a request. */
export interface ResponseEnvelope extends Marked {
  kind: 'response';
  id: number;
  ok: boolean;
  /** The complete result object, `errMsg` included. */
  result: WxResult;
}

/** guest → host: the guest gave up on a request (timeout); the host aborts its handler. */
export interface CancelEnvelope extends Marked {
  kind: 'cancel';
  id: number;
}

/** Either direction: a named event. `reply` correlates an answer to a resolvable event. */
export interface EventEnvelope extends Marked {
  kind: 'event';
  name: string;
  data: unknown;
  reply?: number;
}

/**
 * guest → host: the control event saying the mini program listens to a host event, so the host
 * may rely on someone answering it (`docs/protocol.md`, section 10). The guest sends it when a
 * listener is first registered while connected, and again for every listened event after each
 * welcome it accepts; the host keeps the set per session and consumes it (it is not handed to
 * application code).
 */
export const SUBSCRIBE_EVENT = 'subscribe';

/** The `data` of a `subscribe` event. */
export interface SubscribeEventData {
  /** The wire name of the host event listened to, e.g. `needPrivacyAuthorization`. */
  event: string;
}

/**
 * guest → host: the `subscribe` control event (`SUBSCRIBE_EVENT`), as a guest sends it. The codec
 * checks only that it is an event: a host still checks that `data` is an object with a string
 * `event` before using it, as it does any event's `data`.
 */
export interface SubscribeEnvelope extends EventEnvelope {
  name: typeof SUBSCRIBE_EVENT;
  data: SubscribeEventData;
}

/** Either direction: the sender is going away; pending calls fail. */
export interface ByeEnvelope extends Marked {
  kind: 'bye';
  reason: string;
}

/**
 * Either direction, once batching is agreed in the handshake: the envelopes one side sent in one
 * task, in order, as one message. Never holds a hello, a welcome or another batch; each envelope in
 * it is read as if it had come alone (`docs/protocol.md`, section 17).
 */
export interface BatchEnvelope extends Marked {
  /** Never set on a batch: each envelope in it carries the session key (a batch with one is refused). */
  key?: undefined;
  kind: 'batch';
  envelopes: Envelope[];
}

export type Envelope =
  | HelloEnvelope
  | WelcomeEnvelope
  | RequestEnvelope
  | ResponseEnvelope
  | CancelEnvelope
  | EventEnvelope
  | SubscribeEnvelope
  | ByeEnvelope
  | BatchEnvelope;

export type EnvelopeKind = Envelope['kind'];
