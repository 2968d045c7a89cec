/**
 * `takeAfter` in one atomic step on Redis: a Lua script that applies the writes (`SET`, with `NX`
 * and `PX` as asked) and then takes the key (`GETDEL`). Redis runs each script alone, so nothing
 * lands between the writes and the take; a write that fails stops the script before the take.
 *
 * KEYS[1] the key taken; KEYS[2…] the keys written. ARGV, three per write in KEYS' order: the
 * value, a TTL in ms or '', '1' for write-only-if-absent or ''. Replies the taken value, or nil.
 *
 * Every key is named in KEYS, as scripts must name them; on a Redis Cluster they would also have to
 * share a hash slot (wxbridge's Redis store talks to one Redis, not a cluster).
 */
import { createHash } from 'node:crypto';
import type { StoreWrite } from '@wxbridge/store';
import { msArg } from './milliseconds';

export const TAKE_AFTER_SCRIPT = `
for i = 2, #KEYS do
  local j = (i - 2) * 3
  local args = {'SET', KEYS[i], ARGV[j + 1]}
  if ARGV[j + 3] == '1' then args[#args + 1] = 'NX' end
  if ARGV[j + 2] ~= '' then
    args[#args + 1] = 'PX'
    args[#args + 1] = ARGV[j + 2]
  end
  redis.call(unpack(args))
end
return redis.call('GETDEL', KEYS[1])
`;

/** The script's SHA-1, what `EVALSHA` names it by once Redis has it. */
export const TAKE_AFTER_SHA1 = createHash('sha1').update(TAKE_AFTER_SCRIPT).digest('hex');

/** The script's ARGV for `writes`: value, TTL in whole ms (a fraction rounds up) or '', '1' or ''. */
export function takeAfterArgs(writes: readonly StoreWrite[]): string[] {
  const args: string[] = [];
  for (const write of writes) args.push(write.value, msArg(write.ttlMs), write.ifAbsent ? '1' : '');
  return args;
}
