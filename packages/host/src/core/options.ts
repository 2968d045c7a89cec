/**
 * The host options every feature relies on: who the user is, where decisions and sessions are
 * kept, the per-connection limits and the prompt limits. Each feature's own options live with
 * the feature; `../options.ts` puts them together as `HostOptions`.
 */
import { DEFAULT_LIMITS, type Limits } from '@wxbridge/protocol';
import type { KeyValueStore } from '@wxbridge/store';
import type { SessionService } from '../store/sessions';
import type { App } from './app';

/** A count option of createHost: a positive integer, or its default when left out. */
export function countOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`createHost: ${name} must be a positive integer, not ${String(value)}`);
  }
  return value;
}

/** The per-connection limits, checked, with the protocol's defaults for those left out. */
export function checkLimits(given: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    limits[name] = countOption(`limits.${name}`, given[name], DEFAULT_LIMITS[name]);
  }
  return Object.freeze(limits);
}

/** What every prompt hook is asked: who asks, for whom, and when to give up. */
export interface PromptRequest {
  /** The mini program asking. */
  app: App;
  /** The signed-in user (from `options.user`). */
  user: string;
  /** Fires when the answer is no longer wanted (the mini program left): close the dialog. */
  signal: AbortSignal;
}

export interface CoreOptions {
  /** The superapp's name, sent in the welcome. */
  name?: string;
  /** The superapp's version, sent in the welcome. */
  version?: string;
  /** Per-connection limits (message size, nesting, calls in flight). */
  limits?: Partial<Limits>;
  /**
   * Messages one guest may send before the host's event loop gets a turn (checked every 256
   * messages). A guest that sends more is not waiting for answers but flooding: the connection is
   * disposed with the reason `too many messages`. Default 4096.
   */
  maxMessagesPerTurn?: number;
  /**
   * Bytes one guest's large messages (16 KiB or more: texts by length, objects by the codec's count)
   * may cost the host to read in any second; past it the connection is disposed with the reason
   * `too much data`. Default: twice `limits.maxMessageBytes` (2 MiB).
   */
  maxBytesPerSecond?: number;
  /**
   * The most envelopes the host reads in one batch (docs/protocol.md, section 17). A guest that
   * offers batching in its hello is told so in the welcome, and then both sides send what one task
   * sends as one message; a longer batch is refused as a whole. 1 accepts no batching: one
   * envelope per message both ways. Default 64.
   */
  maxBatch?: number;
  /** Where decisions are kept. Default: in memory. */
  store?: KeyValueStore;
  /** The signed-in user; decisions are kept per user and app. Default: `'anonymous'`. */
  user?: (app: App) => string | undefined | Promise<string | undefined>;
  /** The v2 login standard (codes and sessions, for the open-platform server). Default: an in-memory `SessionService`. */
  sessions?: SessionService;
  /** Sheets one mini program may show one user per minute before further ones fail (errno 1003). Default 10. */
  promptsPerMinute?: number;
  /** Sheets one connection may have waiting or on screen at once before further ones fail (errno 1003). Default 5. */
  maxQueuedPrompts?: number;
}
