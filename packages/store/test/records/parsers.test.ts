// The record parsers (src/records/login.ts, platform.ts): a record that cannot be read counts as
// absent, whichever parser reads it; a readable one comes back with only its own fields.
import { asCode, asLongTerm, asOutboxMessage, asSession, asShare, asSoterKey, asUsed, asUser, parse } from '../../src/records';

const PARSERS = { asCode, asLongTerm, asOutboxMessage, asSession, asShare, asSoterKey, asUsed, asUser };

test.each([
  ['absent', undefined],
  ['not JSON', '{"user":'],
  ['JSON null', 'null'],
  ['a number', '42'],
  ['a string', '"alice"'],
  ['an array', '[1,2]'],
])('%s: parse and every record parser answer undefined', (_what, text) => {
  expect(parse(text)).toBeUndefined();
  for (const [name, parser] of Object.entries(PARSERS)) expect([name, parser(text)]).toEqual([name, undefined]);
});

test('a readable record comes back with its own fields only; an object without them is absent', () => {
  expect(parse('{"other":1}')).toEqual({ other: 1 });
  for (const [name, parser] of Object.entries(PARSERS)) expect([name, parser('{"other":1}')]).toEqual([name, undefined]);
  expect(asUser('{"user":"alice","since":5,"extra":true}')).toEqual({ user: 'alice', since: 5 });
  expect(asLongTerm('{"acceptedAt":7}')).toEqual({ acceptedAt: 7 });
  expect(asSoterKey('{"publicKey":"PEM","enrolledAt":9,"x":0}')).toEqual({ publicKey: 'PEM', enrolledAt: 9 });
  expect(asUsed('{"appId":"wx-app","until":3}')).toEqual({ appId: 'wx-app', until: 3 });
  expect(asSession('{"sessionKey":"k","startedAt":1,"codes":["a",2,"b"]}')).toEqual({ sessionKey: 'k', startedAt: 1, codes: ['a', 'b'] });
  expect(asCode('{"appId":"wx-app","user":"alice","sessionKey":"k","issuedAt":4}')).toEqual({ appId: 'wx-app', user: 'alice', sessionKey: 'k', issuedAt: 4 });
});
