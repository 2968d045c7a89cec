/**
 * Generic helpers for values that came from elsewhere (a peer, a handler): own-property checks,
 * plain-object checks, and the walk that measures a value as JSON data. Nothing here knows the
 * wire format or the catalogue; both use it.
 */

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

/**
 * Walks a value as JSON data; returns the remaining byte budget, or a reason it is not acceptable.
 * Every node costs at least one byte, so cycles and huge fan-outs run out of budget.
 * `forbid` refuses the keys that could reach a prototype (`__proto__`, `constructor`, `prototype`).
 */
export function walkJson(value: unknown, depth: number, budget: number, maxDepth: number, forbid: boolean): number | string {
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
      const next = walkJson(value[i], depth + 1, budget - 1, maxDepth, forbid);
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
    const next = walkJson(value[key], depth + 1, budget - key.length - 4, maxDepth, forbid);
    if (typeof next === 'string') return next;
    budget = next;
  }
  return budget;
}

/**
 * Why `value` is not JSON data, or `undefined` when it is: plain objects, arrays, strings, finite
 * numbers, booleans and null (`undefined` counts as absent), nested at most `maxDepth` deep (which
 * also stops cycles). The host checks every result against it before sending: a class instance
 * such as an `Error` would otherwise carry its stack trace across a structured-clone channel.
 */
export function jsonDataProblem(value: unknown, maxDepth: number): string | undefined {
  const left = walkJson(value, 0, Infinity, maxDepth, false);
  return typeof left === 'string' ? left : undefined;
}
