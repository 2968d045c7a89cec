/**
 * `adjust` in one atomic step on Redis: a Lua script (Redis runs each script alone, so no other
 * command lands between its read and its write) that adds a delta to the integer a key holds,
 * unless the sum would go below a floor, and keeps or sets the key's expiry.
 *
 * KEYS[1] the key; ARGV[1] the delta; ARGV[2] the floor or ''; ARGV[3] a TTL in ms or ''.
 * Replies the new value as decimal text; nil when the floor refused it (nothing written); or
 * {'range', sum} when the sum is past the safe integers (nothing written).
 *
 * Text that is not a safe integer counts as 0, as in `integerOf`: Lua's `tonumber` reads numbers
 * as JavaScript's `Number` does (whitespace around, `1e3`, `0x10`; '' and other text are nil → 0),
 * and a non-integer, infinite or unsafe value is 0 too.
 */
import { createHash } from 'node:crypto';

export const ADJUST_SCRIPT = `
local text = redis.call('GET', KEYS[1])
local current = text and tonumber(text) or 0
if current ~= current or current % 1 ~= 0 or math.abs(current) > 9007199254740991 then current = 0 end
local sum = current + tonumber(ARGV[1])
if sum == 0 then sum = 0 end
local written = string.format('%.0f', sum)
if math.abs(sum) > 9007199254740991 then return {'range', written} end
if ARGV[2] ~= '' and sum < tonumber(ARGV[2]) then return false end
if ARGV[3] ~= '' then
  redis.call('SET', KEYS[1], written, 'PX', ARGV[3])
else
  redis.call('SET', KEYS[1], written, 'KEEPTTL')
end
return written
`;

/** The script's SHA-1, what `EVALSHA` names it by once Redis has it. */
export const ADJUST_SHA1 = createHash('sha1').update(ADJUST_SCRIPT).digest('hex');

/** What the script answered: the new value, `undefined` (refused by the floor), or a sum past the safe integers. */
export function adjustReply(reply: unknown, who: string): number | undefined {
  if (reply === null || reply === undefined) return undefined;
  if (Array.isArray(reply) && reply[0] === 'range') throw new RangeError(`${who}.adjust: the result ${String(reply[1])} is past the safe integers`);
  const value = Number(reply);
  if (typeof reply !== 'string' || !Number.isSafeInteger(value)) throw new Error(`${who}.adjust: Redis answered ${JSON.stringify(reply)}, not an integer`);
  return value;
}
