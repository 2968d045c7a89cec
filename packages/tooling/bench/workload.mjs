// What every contender is asked to do, in Node and in the browser (the pages import this file
// too): the same request, the same result, the same numbers of calls in flight.

/** The request parameters of every call. */
export const PARAMS = {};

/** The login code every handler returns. */
export const CODE = 'c0de';

/** Calls in flight in the throughput suites. */
export const CONCURRENCY = [1, 10, 100, 1000];

/** The result sizes of the payload-growth suite: 100 B, 10 KB, 100 KB, 1 MB of JSON. */
export const SIZES = [100, 10_000, 100_000, 1_000_000];

const payloads = new Map();

/**
 * A result whose JSON text is about `bytes` long (within a record): structured data, as a real
 * API returns, not one long string. Memoised: every contender gets the same object.
 */
export function resultOf(bytes) {
  let result = payloads.get(bytes);
  if (result) return result;
  result = { code: CODE, items: [] };
  let length = JSON.stringify(result).length;
  for (let i = 0; length < bytes; i++) {
    const item = { id: i, name: `item-${i}`, score: (i % 100) / 8, tags: ['a', 'bc'], ok: i % 2 === 0 };
    result.items.push(item);
    length += JSON.stringify(item).length + 1;
  }
  payloads.set(bytes, result);
  return result;
}

const full = new Map();

/**
 * What a raw, comlink or penpal handler returns: the result as the mini program receives it
 * (wxbridge's host adds the errMsg itself). Small results are made afresh on each call, as a
 * handler would; large ones are shared.
 */
export function fullResultOf(bytes) {
  if (!bytes) return { code: CODE, errMsg: 'login:ok' };
  if (!full.has(bytes)) full.set(bytes, { ...resultOf(bytes), errMsg: 'login:ok' });
  return full.get(bytes);
}

/** What wxbridge's login handler returns (the host composes `errMsg: 'login:ok'`). */
export function handlerResultOf(bytes) {
  return bytes ? resultOf(bytes) : { code: CODE };
}
