/**
 * The codec: turns whatever arrived on a transport into a typed envelope, or
 * says why not. Nothing acts on a message before it has passed here.
 *
 * Checks: the marker, the kind, every field's type, id format, API name
 * length, and (in `deep` mode, which the host uses for everything a guest
 * sends) size, nesting depth, JSON-safe values only, and no `__proto__`,
 * `constructor` or `prototype` keys anywhere.
 */
import { isPlainObject, walkJson } from '../objects';
import { WIRE_MARKER, type BatchEnvelope, type Envelope, type Limits } from './envelope';
import { checkFields, hostSentField, isId, isName } from './fields';

/** The default `maxMessageBytes`; the guest refuses longer JSON text from its host unread. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: MAX_MESSAGE_BYTES,
  maxDepth: 32,
  maxInFlight: 64,
};

export type DecodeResult =
  | { ok: true; envelope: Envelope }
  /** `foreign`: not a wxbridge message at all (other traffic on a shared channel). */
  | { ok: false; error: string; foreign?: boolean; id?: number; api?: string };

export interface DecodeOptions {
  limits?: Limits;
  /** Walk every value (size, depth, JSON-safety, forbidden keys). On for untrusted peers. */
  deep?: boolean;
  /**
   * Set to what the message cost to read, in bytes: a text's length, or what the deep walk counted
   * of an object (0 when neither applies). For a host's per-connection byte budget.
   */
  measured?: { size: number };
  /**
   * Read `batch` messages (`docs/protocol.md`, section 17) of at most this many envelopes, each
   * decoded as if it had come alone: `decodeMessage` only. Unset (or below 2): a batch is an
   * envelope of an unknown kind, as a host that does not batch sees it.
   */
  maxBatch?: number;
}

/**
 * How the JSON text of a batch begins as the reference implementations write it. Such a text may be
 * `maxBatch` times `maxMessageBytes` long and nest two levels deeper than one envelope (the batch
 * and its list) before it is refused unparsed; any other text is held to one envelope's bounds.
 */
export const BATCH_PREFIX = '{"wxbridge":1,"kind":"batch",';

/** Texts up to this length are cheap to parse whatever they hold: the walk checks their depth. */
const SCAN_FROM = 1024;

/** A request's id and api where the text begins as the reference guest writes one. */
const REQUEST_PREFIX = /^\{"wxbridge":1,"kind":"request","id":([1-9]\d{0,15}),"api":"([A-Za-z_$][\w$.]{0,127})"/;

/**
 * A text refused for its nesting, unparsed: a request still gets its answer (errno 101) when its
 * id and api lead the text, as the reference guest writes them; another sender's times out.
 */
function tooDeep(text: string): DecodeResult {
  const failed: DecodeResult = { ok: false, error: 'nesting too deep' };
  const prefix = REQUEST_PREFIX.exec(text.slice(0, 256));
  const id = prefix ? Number(prefix[1]) : 0;
  if (prefix && isId(id)) Object.assign(failed, { id, api: prefix[2] });
  return failed;
}

/**
 * Whether JSON text nests arrays and objects more than `maxDepth` deep (brackets inside strings
 * do not count): as `walkJson` would find after parsing, without parsing. Stops at the first
 * bracket too deep.
 */
function nestedDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxDepth) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

/**
 * Decodes one incoming message (an object, or its JSON text) as one envelope. Never throws: a value
 * that throws when read (a getter or a Proxy, which only a same-realm transport could hand over;
 * structured clone and JSON never make one) is refused as `unreadable message`.
 */
export function decodeEnvelope(raw: unknown, options: DecodeOptions = {}): DecodeResult {
  try {
    return decode(raw, options, 0) as DecodeResult;
  } catch {
    return { ok: false, error: 'unreadable message' };
  }
}

/**
 * Decodes one incoming message: a list with the result of each envelope of a batch (in order, each
 * checked as if it had come alone) when `options.maxBatch` allows batches, else what
 * `decodeEnvelope` gives. A batch refused as a whole (too many envelopes, a malformed carrier, a
 * text too long or too deep) is one failed result with no id. `measured` gets the whole message's
 * cost. Never throws.
 */
export function decodeMessage(raw: unknown, options: DecodeOptions = {}): DecodeResult | DecodeResult[] {
  try {
    return decode(raw, options, options.maxBatch ?? 0);
  } catch {
    return { ok: false, error: 'unreadable message' };
  }
}

function decode(raw: unknown, options: DecodeOptions, maxBatch: number): DecodeResult | DecodeResult[] {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (options.measured) options.measured.size = typeof raw === 'string' ? raw.length : 0;
  let value = raw;
  if (typeof raw === 'string') {
    const batch = maxBatch > 1 && raw.startsWith(BATCH_PREFIX);
    if (raw.length > limits.maxMessageBytes * (batch ? maxBatch : 1)) return { ok: false, error: 'message too large' };
    // Nesting is checked on the text before JSON.parse pays for it (one linear scan).
    if (raw.length > SCAN_FROM && nestedDeeperThan(raw, limits.maxDepth + (batch ? 2 : 0))) return tooDeep(raw);
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, error: 'not JSON', foreign: true };
    }
  }
  if (!isPlainObject(value) || value.wxbridge !== WIRE_MARKER) {
    return { ok: false, error: 'not a wxbridge envelope', foreign: true };
  }
  if (maxBatch > 1 && value.kind === 'batch') return unbatch(value, raw, options, maxBatch);
  return check(value, raw, options);
}

/** Members a batch may have; another is refused (it would go unmeasured). */
const BATCH_MEMBERS = new Set(['wxbridge', 'kind', 'envelopes']);

/** Each envelope of a batch, decoded as if it had come alone; or the batch refused as a whole. */
function unbatch(batch: Record<string, unknown>, raw: unknown, options: DecodeOptions, maxBatch: number): DecodeResult | DecodeResult[] {
  const list = batch.envelopes;
  if (!Array.isArray(list)) return { ok: false, error: 'envelopes must be a list of envelopes' };
  if (list.length > maxBatch) return { ok: false, error: `a batch holds at most ${maxBatch} envelopes` };
  for (const key in batch) if (!BATCH_MEMBERS.has(key)) return { ok: false, error: `key "${key}" is not allowed in a batch` };
  const measured = options.measured;
  let size = 0;
  const results: DecodeResult[] = [];
  for (const item of list) {
    if (measured) measured.size = 0;
    results.push(element(item, options));
    size += measured?.size ?? 0;
  }
  if (measured) measured.size = typeof raw === 'string' ? raw.length : size;
  return results;
}

/** One envelope of a batch, as `decodeEnvelope` reads an object that came alone (a value that throws when read included). */
function element(item: unknown, options: DecodeOptions): DecodeResult {
  try {
    if (!isPlainObject(item) || item.wxbridge !== WIRE_MARKER) return { ok: false, error: 'not a wxbridge envelope', foreign: true };
    if (item.kind === 'batch') return { ok: false, error: 'a batch cannot hold a batch' };
    return check(item, item, options);
  } catch {
    return { ok: false, error: 'unreadable message' };
  }
}

/** The field checks and, in `deep` mode, the walk, of one marked envelope (`raw`: as it arrived). */
function check(value: Record<string, unknown>, raw: unknown, options: DecodeOptions): DecodeResult {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const measured = options.measured;
  let error = checkFields(value);
  if (!error && options.deep) {
    const left = walkJson(value, 0, limits.maxMessageBytes, limits.maxDepth, true);
    if (typeof left === 'string') error = left;
    else if (left < 0) error = 'message too large';
    if (measured && typeof raw !== 'string') measured.size = limits.maxMessageBytes - (typeof left === 'number' ? Math.max(left, 0) : 0);
  }
  if (!error) return { ok: true, envelope: value as unknown as Envelope };
  const failed: DecodeResult = { ok: false, error };
  if (value.kind === 'request' && isId(value.id)) {
    failed.id = value.id;
    if (isName(value.api)) failed.api = value.api;
  }
  return failed;
}

/** An envelope of a kind a host sends, with valid fields (may throw on a value that throws when read). */
const isFromHost = (value: unknown): value is Envelope =>
  isPlainObject(value) && value.wxbridge === WIRE_MARKER && hostSentField(value) === '';

/**
 * What a guest reads from its host: the envelope, or `undefined` for anything else (foreign,
 * invalid, a batch, or a kind only a guest sends). The same field checks as `decodeEnvelope` for
 * the kinds a host sends but for a welcome's, which check only what the guest reads (`hostSentField`),
 * and without the deep checks (a guest trusts its host); JSON text longer than the default
 * `maxMessageBytes` is refused unread. A session `key` passes unchecked: a
 * string-bridge guest compares it with its own before acting (`docs/protocol.md`, section 6).
 * Never throws.
 */
export function decodeFromHost(raw: unknown): Envelope | undefined {
  try {
    const value = typeof raw === 'string' ? (raw.length > MAX_MESSAGE_BYTES ? undefined : JSON.parse(raw)) : raw;
    if (isFromHost(value)) return value;
  } catch {
    // Not JSON, or unreadable: nothing the guest acts on.
  }
  return undefined;
}

/**
 * Everything a guest reads in one message from its host, in order: each envelope of a `batch`
 * (`docs/protocol.md`, section 17) that `decodeFromHost` would accept alone, or the message's one
 * envelope; nothing for anything else, nor for a message with a value that throws when read. Each
 * is handed to `receive` once all are decoded: what it throws is the caller's.
 */
export function readFromHost(raw: unknown, receive: (envelope: Envelope) => void): void {
  let list: Envelope[] = [];
  try {
    const value = (typeof raw === 'string' ? (raw.length > MAX_MESSAGE_BYTES ? 0 : JSON.parse(raw)) : raw) as Partial<BatchEnvelope> | null;
    // A batch whose `envelopes` is not a list throws here: nothing of it is read.
    list = (value?.wxbridge === WIRE_MARKER && value.kind === 'batch' ? value.envelopes! : [value]).filter(isFromHost);
  } catch {
    // Not JSON, or unreadable: nothing the guest acts on.
  }
  for (const envelope of list) receive(envelope);
}

/** The JSON text of an envelope, for string-only bridges. */
export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}
