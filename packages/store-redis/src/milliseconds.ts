/** A `ttlMs` as Redis takes it: whole milliseconds (a fraction rounds up), or '' for none (the scripts' "no TTL"). */
export function msArg(ttlMs: number | undefined): string {
  return ttlMs === undefined ? '' : String(Math.ceil(ttlMs));
}
