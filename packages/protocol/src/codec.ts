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
const hasOwn = Object.prototype.hasOwnProperty;
/**
 * A plain object: `{}` or `Object.create(null)`, from any realm (structured
 * clone may build it in another realm, whose `Object.prototype` differs).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  // This realm's Object.prototype first: the common case, and one lookup fewer on every message.
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
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

/**
 * The field checks, split by who sends the kind so that a guest, which reads only what a host
 * sends, carries only those checks. Each returns the reason an envelope of its kinds is invalid,
 * `''` when it is valid, or `undefined` for a kind it does not check.
 */
function checkFields(envelope: Record<string, unknown>): string | undefined {
  return (checkGuestKinds(envelope) ?? checkHostKinds(envelope) ?? 'unknown kind') || undefined;
}

/** What only a guest sends: request, hello, cancel. */
function checkGuestKinds(envelope: Record<string, unknown>): string | undefined {
  switch (envelope.kind) {
    case 'request':
      if (!isId(envelope.id)) return 'id must be a positive integer';
      if (!isName(envelope.api)) return 'api must be a non-empty string';
      if (!isPlainObject(envelope.params)) return 'params must be an object';
      if (envelope.tap !== undefined && typeof envelope.tap !== 'boolean') return 'tap must be a boolean';
      return '';
    case 'hello':
      if (!isId(envelope.protocol)) return 'protocol must be a positive integer';
      if (!isShortString(envelope.sdk)) return 'sdk must be a string';
      if (!isName(envelope.session)) return 'session must be a non-empty string';
      return '';
    case 'cancel':
      return isId(envelope.id) ? '' : 'id must be a positive integer';
  }
  return undefined;
}

/** What a host sends (response, welcome), and what both sides send (event, bye). */
function checkHostKinds(envelope: Record<string, unknown>): string | undefined {
  switch (envelope.kind) {
    case 'response':
      if (!isId(envelope.id)) return 'id must be a positive integer';
      if (typeof envelope.ok !== 'boolean') return 'ok must be a boolean';
      if (!isPlainObject(envelope.result) || typeof envelope.result.errMsg !== 'string') {
        return 'result must be an object with an errMsg string';
      }
      return '';
    case 'welcome': {
      if (!isId(envelope.protocol)) return 'protocol must be a positive integer';
      if (!isName(envelope.session)) return 'session must be a non-empty string';
      const host = envelope.host;
      if (!isPlainObject(host) || !isShortString(host.name) || !isShortString(host.version)) {
        return 'host must be {name, version}';
      }
      const account = envelope.account;
      if (!isPlainObject(account) || !isPlainObject(account.miniProgram)) return 'account must hold miniProgram';
      const caps = envelope.capabilities;
      if (!Array.isArray(caps) || !caps.every(isName)) return 'capabilities must be a list of names';
      const interactive = envelope.interactive;
      if (interactive !== undefined && (!Array.isArray(interactive) || !interactive.every(isName))) {
        return 'interactive must be a list of names';
      }
      if (envelope.schemas !== undefined && !isShortString(envelope.schemas, 65536)) return 'schemas must be a string';
      const limits = envelope.limits;
      if (!isPlainObject(limits) || !isId(limits.maxMessageBytes) || !isId(limits.maxDepth) || !isId(limits.maxInFlight)) {
        return 'limits must hold positive integers';
      }
      return '';
    }
    case 'event':
      if (!isName(envelope.name)) return 'name must be a non-empty string';
      if (envelope.reply !== undefined && !isId(envelope.reply)) return 'reply must be a positive integer';
      return '';
    case 'bye':
      return isShortString(envelope.reason, 1024) ? '' : 'reason must be a string';
  }
  return undefined;
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
    if (isPlainObject(value) && value.wxbridge === WIRE_MARKER && checkHostKinds(value) === '') return value as unknown as Envelope;
  } catch {
    // Not JSON, or unreadable: nothing the guest acts on.
  }
  return undefined;
}

/** The JSON text of an envelope, for string-only bridges. */
export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}
