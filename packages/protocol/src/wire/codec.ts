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
import { WIRE_MARKER, type Envelope, type Limits } from './envelope';

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
}

const MAX_NAME = 128;
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

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME;
}

function isShortString(value: unknown, max = MAX_NAME): value is string {
  return typeof value === 'string' && value.length <= max;
}

const isResult = (value: unknown): boolean => isPlainObject(value) && typeof value.errMsg === 'string';
const isNameList = (value: unknown): boolean => Array.isArray(value) && value.every(isName);

/**
 * The field checks of each kind, split by who sends it so that a guest, which reads only what a
 * host sends, carries only those. Each returns the first field that fails, `''` when all pass, or
 * `undefined` for a kind it does not check. Plain code rather than a table of rules: these run on
 * every message, and a loop of indirect calls measured ~5% of throughput.
 */
function guestSentField(envelope: Record<string, unknown>): string | undefined {
  switch (envelope.kind) {
    case 'request':
      if (!isId(envelope.id)) return 'id';
      if (!isName(envelope.api)) return 'api';
      if (!isPlainObject(envelope.params)) return 'params';
      return envelope.tap !== undefined && typeof envelope.tap !== 'boolean' ? 'tap' : '';
    case 'hello':
      if (!isId(envelope.protocol)) return 'protocol';
      if (!isShortString(envelope.sdk)) return 'sdk';
      if (!isName(envelope.session)) return 'session';
      return envelope.key !== undefined && !isName(envelope.key) ? 'key' : '';
    case 'cancel':
      return isId(envelope.id) ? '' : 'id';
  }
  return undefined;
}

/** What a host sends (response, welcome), and what both sides send (event, bye). */
function hostSentField(envelope: Record<string, unknown>): string | undefined {
  switch (envelope.kind) {
    case 'response':
      if (!isId(envelope.id)) return 'id';
      if (typeof envelope.ok !== 'boolean') return 'ok';
      return isResult(envelope.result) ? '' : 'result';
    case 'welcome': {
      if (!isId(envelope.protocol)) return 'protocol';
      if (!isName(envelope.session)) return 'session';
      const host = envelope.host;
      if (!isPlainObject(host) || !isShortString(host.name) || !isShortString(host.version)) return 'host';
      const account = envelope.account;
      if (!isPlainObject(account) || !isPlainObject(account.miniProgram)) return 'account';
      if (!isNameList(envelope.capabilities)) return 'capabilities';
      if (envelope.interactive !== undefined && !isNameList(envelope.interactive)) return 'interactive';
      if (envelope.schemas !== undefined && !isPlainObject(envelope.schemas)) return 'schemas';
      const limits = envelope.limits;
      if (!isPlainObject(limits) || !isId(limits.maxMessageBytes) || !isId(limits.maxDepth) || !isId(limits.maxInFlight)) {
        return 'limits';
      }
      return '';
    }
    case 'event':
      if (!isName(envelope.name)) return 'name';
      return envelope.reply !== undefined && !isId(envelope.reply) ? 'reply' : '';
    case 'bye':
      return isShortString(envelope.reason, 1024) ? '' : 'reason';
  }
  return undefined;
}

/**
 * What each field must be, for the reasons `decodeEnvelope` gives (`<field> must be <this>`). A
 * field means the same in every kind that has it. Only the host's decoder uses it: a guest never
 * carries these texts.
 */
const EXPECTED: Record<string, string> = {
  id: 'a positive integer',
  api: 'a non-empty string',
  params: 'an object',
  tap: 'a boolean',
  protocol: 'a positive integer',
  sdk: 'a string',
  session: 'a non-empty string',
  key: 'a string of 1 to 128 characters',
  ok: 'a boolean',
  result: 'an object with an errMsg string',
  host: 'an object with name and version strings',
  account: 'an object with a miniProgram object',
  capabilities: 'a list of names',
  interactive: 'a list of names',
  schemas: 'an object',
  limits: 'an object of positive integer limits',
  name: 'a non-empty string',
  reply: 'a positive integer',
  reason: 'a string',
};

/** Why an envelope's fields are invalid, or `undefined` when they are valid. */
function checkFields(envelope: Record<string, unknown>): string | undefined {
  const field = guestSentField(envelope) ?? hostSentField(envelope);
  if (field === undefined) return 'unknown kind';
  return field ? `${field} must be ${EXPECTED[field]}` : undefined;
}

/**
 * Decodes one incoming message (an object, or its JSON text). Never throws: a value that throws
 * when read (a getter or a Proxy, which only a same-realm transport could hand over; structured
 * clone and JSON never make one) is refused as `unreadable message`.
 */
export function decodeEnvelope(raw: unknown, options: DecodeOptions = {}): DecodeResult {
  try {
    return decode(raw, options);
  } catch {
    return { ok: false, error: 'unreadable message' };
  }
}

function decode(raw: unknown, options: DecodeOptions): DecodeResult {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (options.measured) options.measured.size = typeof raw === 'string' ? raw.length : 0;
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.length > limits.maxMessageBytes) return { ok: false, error: 'message too large' };
    // Nesting is checked on the text before JSON.parse pays for it (one linear scan).
    if (raw.length > SCAN_FROM && nestedDeeperThan(raw, limits.maxDepth)) return tooDeep(raw);
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, error: 'not JSON', foreign: true };
    }
  }
  if (!isPlainObject(value) || value.wxbridge !== WIRE_MARKER) {
    return { ok: false, error: 'not a wxbridge envelope', foreign: true };
  }
  let error = checkFields(value);
  if (!error && options.deep) {
    const left = walkJson(value, 0, limits.maxMessageBytes, limits.maxDepth, true);
    if (typeof left === 'string') error = left;
    else if (left < 0) error = 'message too large';
    if (options.measured && typeof raw !== 'string') options.measured.size = limits.maxMessageBytes - (typeof left === 'number' ? Math.max(left, 0) : 0);
  }
  if (!error) return { ok: true, envelope: value as unknown as Envelope };
  const failed: DecodeResult = { ok: false, error };
  if (value.kind === 'request' && isId(value.id)) {
    failed.id = value.id;
    if (isName(value.api)) failed.api = value.api;
  }
  return failed;
}

/**
 * What a guest reads from its host: the envelope, or `undefined` for anything else (foreign,
 * invalid, or a kind only a guest sends). The same field checks as `decodeEnvelope` for the kinds
 * a host sends, without the deep checks (a guest trusts its host); JSON text longer than the
 * default `maxMessageBytes` is refused unread. A session `key` passes unchecked: a string-bridge
 * guest compares it with its own before acting (`docs/protocol.md`, section 6). Never throws.
 */
export function decodeFromHost(raw: unknown): Envelope | undefined {
  try {
    const value = typeof raw === 'string' ? (raw.length > MAX_MESSAGE_BYTES ? undefined : JSON.parse(raw)) : raw;
    if (isPlainObject(value) && value.wxbridge === WIRE_MARKER && hostSentField(value) === '') return value as unknown as Envelope;
  } catch {
    // Not JSON, or unreadable: nothing the guest acts on.
  }
  return undefined;
}

/** The JSON text of an envelope, for string-only bridges. */
export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}
