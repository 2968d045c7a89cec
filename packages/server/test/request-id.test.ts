/**
 * Request ids: WeChat's rid shape, drawn from a pool of random bytes refilled every 341 ids; every id
 * distinct across refills, none ever repeated from an earlier pool.
 */
import { newRequestId } from '../src/request-id';

test('2 000 ids (several refills of the 341-id pool) are all distinct and all of the rid shape', () => {
  const ids = Array.from({ length: 2000 }, () => newRequestId());
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  expect(new Set(ids).size).toBe(ids.length);
  // Consecutive pools are fresh randomness, not the same bytes again: ids 341 apart differ.
  for (let i = 0; i + 341 < ids.length; i += 341) expect(ids[i + 341]).not.toBe(ids[i]);
});
