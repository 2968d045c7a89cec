/**
 * The field checks of each kind of envelope (`docs/protocol.md`, section 4): what the codec applies
 * to every envelope once it knows it is one. Internal to the codec (not exported by the package).
 */
import { isPlainObject } from '../objects';

const MAX_NAME = 128;

/** A positive safe integer (`Number.isSafeInteger` is false for anything not a number). */
export function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

export function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME;
}

function isShortString(value: unknown, max = MAX_NAME): value is string {
  return typeof value === 'string' && value.length <= max;
}

const isResult = (value: unknown): boolean => isPlainObject(value) && typeof value.errMsg === 'string';
const isNameList = (value: unknown): boolean => Array.isArray(value) && value.every(isName);
/** An optional list of names: absent, or a list of names. */
const isNames = (value: unknown): boolean => value === undefined || isNameList(value);
/** An optional count: absent, or an id. */
const isCount = (value: unknown): boolean => value === undefined || isId(value);

/**
 * The field checks of each kind, split by who sends it so that a guest, which reads only what a
 * host sends, carries only those. Each returns the first field that fails, `''` when all pass, or
 * `undefined` for a kind it does not check. Plain code rather than a table of rules: these run on
 * every message, and a loop of indirect calls measured ~5% of throughput.
 */
export function guestSentField(envelope: Record<string, unknown>): string | undefined {
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
      if (envelope.key !== undefined && !isName(envelope.key)) return 'key';
      return isCount(envelope.batch) ? '' : 'batch';
    case 'cancel':
      return isId(envelope.id) ? '' : 'id';
  }
  return undefined;
}

/**
 * What a host sends (response, welcome), and what both sides send (event, bye): the checks a guest
 * applies, of what it reads (docs/protocol.md, section 4). `unreadField` has the others (the rest
 * of a welcome, a bye's reason), which only `checkFields` applies.
 */
export function hostSentField(envelope: Record<string, unknown>): string | undefined {
  switch (envelope.kind) {
    case 'response':
      if (!isId(envelope.id)) return 'id';
      if (typeof envelope.ok !== 'boolean') return 'ok';
      return isResult(envelope.result) ? '' : 'result';
    case 'welcome': {
      if (!isPlainObject(envelope.account)) return 'account';
      if (!isNames(envelope.interactive)) return 'interactive';
      if (!isNames(envelope.canIUse)) return 'canIUse';
      const limits = envelope.limits;
      // welcome.batch goes unchecked: only a guest reads it, and it trusts its host (section 17).
      return isPlainObject(limits) && isId(limits.maxInFlight) ? '' : 'limits';
    }
    case 'event':
      if (!isName(envelope.name)) return 'name';
      return envelope.reply !== undefined && !isId(envelope.reply) ? 'reply' : '';
    case 'bye':
      return ''; // a guest reads nothing of it but that it came
  }
  return undefined;
}

/**
 * The checks a guest leaves out (it trusts its host), once `hostSentField` has passed an envelope: of
 * a welcome, the fields it does not read or only compares with its own (`session`) and the parts of
 * `account` and `limits` it does not use; a bye's reason. `''` for any other kind.
 */
function unreadField(envelope: Record<string, unknown>): string {
  if (envelope.kind === 'bye') return isShortString(envelope.reason, 1024) ? '' : 'reason';
  if (envelope.kind !== 'welcome') return '';
  if (!isId(envelope.protocol)) return 'protocol';
  if (!isName(envelope.session)) return 'session';
  const host = envelope.host;
  if (!isPlainObject(host) || !isShortString(host.name) || !isShortString(host.version)) return 'host';
  if (!isPlainObject((envelope.account as Record<string, unknown>).miniProgram)) return 'account';
  if (!isNameList(envelope.capabilities)) return 'capabilities';
  if (envelope.schemas !== undefined && !isPlainObject(envelope.schemas)) return 'schemas';
  const limits = envelope.limits as Record<string, unknown>;
  return isId(limits.maxMessageBytes) && isId(limits.maxDepth) ? '' : 'limits';
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
  batch: 'a positive integer',
  ok: 'a boolean',
  result: 'an object with an errMsg string',
  host: 'an object with name and version strings',
  account: 'an object with a miniProgram object',
  capabilities: 'a list of names',
  interactive: 'a list of names',
  canIUse: 'a list of names',
  schemas: 'an object',
  limits: 'an object of positive integer limits',
  name: 'a non-empty string',
  reply: 'a positive integer',
  reason: 'a string',
};

/** Why an envelope's fields are invalid, or `undefined` when they are valid. */
export function checkFields(envelope: Record<string, unknown>): string | undefined {
  let field = guestSentField(envelope) ?? hostSentField(envelope);
  if (field === undefined) return 'unknown kind';
  if (field === '') field = unreadField(envelope);
  return field ? `${field} must be ${EXPECTED[field]}` : undefined;
}
