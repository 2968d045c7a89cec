/**
 * The codec: turns whatever arrived on a transport into a typed envelope, or
 * says why not. Nothing acts on a message before it has passed here.
 *
 * Checks: the marker, the kind, every field's type, id format, API name
 * length, and (in `deep` mode, which the host uses for everything a guest
 * sends) size, nesting depth, JSON-safe values only, and no `__proto__`,
 * `constructor` or `prototype` keys anywhere.
 */
import { WIRE_MARKER, type Envelope, type Limits } from './envelope';

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 1024 * 1024,
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
}

const MAX_NAME = 128;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** `Object.prototype.hasOwnProperty`, to call on objects that may lack it or shadow it. */
export const hasOwn = Object.prototype.hasOwnProperty;
/**
 * A plain object: `{}` or `Object.create(null)`, from any realm (structured
 * clone may build it in another realm, whose `Object.prototype` differs).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  // This realm's Object.prototype first: the common case, settled with one prototype read on every
  // message. (An array whose prototype was set to it, or to null, is still an array.)
  if (proto === Object.prototype) return !Array.isArray(value);
  return (proto === null || Object.getPrototypeOf(proto) === null) && !Array.isArray(value);
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

/**
 * Walks a value; returns the remaining byte budget, or a reason it is not acceptable.
 * Every node costs at least one byte, so cycles and huge fan-outs run out of budget.
 * `forbid` refuses the keys that could reach a prototype (what a guest sends).
 */
function walk(value: unknown, depth: number, budget: number, maxDepth: number, forbid: boolean): number | string {
  if (budget < 0) return 'message too large';
  switch (typeof value) {
    case 'string':
      return budget - value.length - 2;
    case 'number':
      return Number.isFinite(value) ? budget - 8 : 'numbers must be finite';
    case 'boolean':
      return budget - 5;
    case 'undefined':
      return budget; // dropped by JSON; treated as absent
    case 'object':
      break;
    default:
      return `${typeof value} values are not allowed`;
  }
  if (value === null) return budget - 4;
  if (depth >= maxDepth) return 'nesting too deep';
  if (Array.isArray(value)) {
    budget -= 2;
    for (let i = 0; i < value.length; i++) {
      const next = walk(value[i], depth + 1, budget - 1, maxDepth, forbid);
      if (typeof next === 'string') return next;
      budget = next;
    }
    return budget;
  }
  if (!isPlainObject(value)) return 'only plain objects are allowed';
  budget -= 2;
  // for-in with an own-property check visits what Object.keys lists, in the same order, without
  // allocating the array: the walk runs over every message and result, so this is ~40% of its cost.
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    // The forbidden keys are all 9 characters or longer: most keys are ruled out by their length.
    if (forbid && key.length >= 9 && FORBIDDEN_KEYS.has(key)) return `key "${key}" is not allowed`;
    const next = walk(value[key], depth + 1, budget - key.length - 4, maxDepth, forbid);
    if (typeof next === 'string') return next;
    budget = next;
  }
  return budget;
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
      return isName(envelope.session) ? '' : 'session';
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
 * Why `value` is not JSON data, or `undefined` when it is: plain objects, arrays, strings, finite
 * numbers, booleans and null (`undefined` counts as absent), nested at most `maxDepth` deep (which
 * also stops cycles). The host checks every result against it before sending: a class instance
 * such as an `Error` would otherwise carry its stack trace across a structured-clone channel.
 */
export function jsonDataProblem(value: unknown, maxDepth: number): string | undefined {
  const left = walk(value, 0, Infinity, maxDepth, false);
  return typeof left === 'string' ? left : undefined;
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
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.length > limits.maxMessageBytes) return { ok: false, error: 'message too large' };
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
    const left = walk(value, 0, limits.maxMessageBytes, limits.maxDepth, true);
    if (typeof left === 'string') error = left;
    else if (left < 0) error = 'message too large';
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
 * default `maxMessageBytes` is refused unread. Never throws.
 */
export function decodeFromHost(raw: unknown): Envelope | undefined {
  try {
    const value = typeof raw === 'string' ? (raw.length > DEFAULT_LIMITS.maxMessageBytes ? undefined : JSON.parse(raw)) : raw;
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
