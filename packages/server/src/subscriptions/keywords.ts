/**
 * Template keywords and what a message may put in them. A keyword is a type followed by its
 * number (`thing1`, `time2`, `character_string3`), as on WeChat; the type bounds the value.
 *
 * The rule wxbridge applies is deliberately simple: a value is at most as many characters (code
 * points) as WeChat's published limit for its type, and no control characters (WeChat refuses line
 * breaks in values). The character classes WeChat also checks (digits only in `number`, letters only
 * in `letter`, Chinese only in `phrase`…) are not checked.
 *
 * | type | at most |
 * | --- | --- |
 * | `thing`, `name` | 20 |
 * | `number`, `letter`, `character_string` | 32 |
 * | `symbol`, `phrase` | 5 |
 * | `phone_number` | 17 |
 * | `car_number` | 8 |
 * | `amount` | 12 (a currency sign, 10 digits, `元`) |
 * | anything else (`time`, `date`, `enum`…) | 64 |
 */

/** A keyword: lower-case letters and underscores, then a number (`thing1`, `phone_number12`). */
export const KEYWORD_PATTERN = /^[a-z]+(?:_[a-z]+)*[0-9]+$/;

export const VALUE_LIMITS: Readonly<Record<string, number>> = {
  thing: 20,
  name: 20,
  number: 32,
  letter: 32,
  character_string: 32,
  symbol: 5,
  phrase: 5,
  phone_number: 17,
  car_number: 8,
  amount: 12,
};
/** The limit for types the table does not name (`time`, `date`, `enum`…). */
export const DEFAULT_VALUE_LIMIT = 64;

/** The type of a keyword: `thing1` → `thing`, `phone_number3` → `phone_number`. */
export function keywordType(keyword: string): string {
  return keyword.replace(/[0-9]+$/, '');
}

export function valueLimit(keyword: string): number {
  return VALUE_LIMITS[keywordType(keyword)] ?? DEFAULT_VALUE_LIMIT;
}

// Control characters (line breaks included): WeChat refuses them in values.
const CONTROL = /\p{Cc}/u;

/** What is wrong with `value` for `keyword`, or undefined when it is fine. */
export function valueProblem(keyword: string, value: string): string | undefined {
  const limit = valueLimit(keyword);
  if ([...value].length > limit) return `must be at most ${limit} characters for a ${keywordType(keyword)} keyword`;
  if (CONTROL.test(value)) return 'must not contain control characters (line breaks included)';
  return undefined;
}
