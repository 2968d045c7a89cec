// subscribe/send over real stores: every errcode in WeChat's order, acceptances consumed exactly
// once, the outbox, and the delivery hook.
import type { SharedStore } from '@wxbridge/store';
import { longTermKey, oneTimeKey, userKey } from '@wxbridge/store/records';
import { readOutbox, type SentMessage } from '../src/subscriptions/outbox';
import { sendSubscribeMessage, type SendDeps } from '../src/subscriptions/send';
import { checkTemplates } from '../src/subscriptions/templates';
import { STORES } from './subscriptions-stores';

const APP = 'wx-app-1';
const OTHER_APP = 'wx-app-2';
const ALICE = 'openid-alice';
const NOW = 1_700_000_000_000;

const TEMPLATES: Record<string, ReturnType<typeof checkTemplates>> = {
  [APP]: checkTemplates(
    [
      { id: 'tmpl-once', title: 'Order shipped', kind: 'one-time', keywords: ['thing1', 'time2'] },
      { id: 'tmpl-long', title: 'Weekly news', kind: 'long-term', keywords: ['thing1'] },
    ],
    'apps[0].templates',
  ),
  [OTHER_APP]: checkTemplates([{ id: 'tmpl-other', title: 'Other', kind: 'one-time', keywords: ['thing1'] }], 'apps[1].templates'),
};

const once = (extra: Record<string, unknown> = {}) => ({
  touser: ALICE,
  template_id: 'tmpl-once',
  data: { thing1: { value: 'Your parcel' }, time2: { value: '2024-05-01 10:00' } },
  ...extra,
});
/** The msgid of a successful send (and a clear failure for any other answer). */
function msgidOf(answer: { errcode: number; errmsg: string }): number {
  if (!('msgid' in answer) || typeof answer.msgid !== 'number') throw new Error(`expected a sent message, got ${JSON.stringify(answer)}`);
  return answer.msgid;
}
const long = (text = 'Cats') => ({ touser: ALICE, template_id: 'tmpl-long', data: { thing1: { value: text } } });

describe.each(STORES)('subscribe/send over $name', (flavour) => {
  let store: SharedStore;
  let open: () => SharedStore;
  let deps: SendDeps;
  let delivered: SentMessage[];
  let errors: Array<{ error: unknown; context: string }>;

  beforeEach(async () => {
    ({ store, open } = flavour.create());
    delivered = [];
    errors = [];
    deps = {
      store,
      templates: (appId) => TEMPLATES[appId] ?? [],
      deliver: (message) => void delivered.push(message),
      onError: (error, context) => void errors.push({ error, context }),
      now: () => NOW,
    };
    await store.set(userKey(APP, ALICE), JSON.stringify({ user: 'alice', since: NOW - 1000 }));
  });

  const accept = (count: number, templateId = 'tmpl-once') => store.adjust(oneTimeKey(APP, ALICE, templateId), count);
  const send = (body: unknown, appId = APP) => sendSubscribeMessage(deps, appId, body);

  describe('47001 data format error, naming the field', () => {
    test.each<[string, unknown, string]>([
      ['a body that is not an object', null, 'the body must be a JSON object'],
      ['a body that is an array', [once()], 'the body must be a JSON object'],
      ['no touser', { ...once(), touser: undefined }, 'touser is missing'],
      ['a touser that is a number', once({ touser: 42 }), 'touser must be a non-empty string'],
      ['an empty template_id', once({ template_id: '' }), 'template_id must be a non-empty string'],
      ['no data', { ...once(), data: undefined }, 'data is missing'],
      ['data that is an array', once({ data: [] }), 'data must be an object like {"thing1": {"value": "…"}}'],
      ['a page that is a number', once({ page: 1 }), 'page must be a string'],
      ['a miniprogram_state that is not a string', once({ miniprogram_state: true }), 'miniprogram_state must be a string'],
      ['a lang that is not a string', once({ lang: ['en_US'] }), 'lang must be a string'],
    ])('%s', async (_, body, detail) => {
      await accept(1);
      expect(await send(body)).toEqual({ errcode: 47001, errmsg: `data format error, hint: ${detail}` });
    });
  });

  test('40037 for a template the app does not have, even one of another app', async () => {
    await accept(1);
    expect(await send(once({ template_id: 'tmpl-nope' }))).toEqual({ errcode: 40037, errmsg: 'invalid template_id' });
    expect(await send(once({ template_id: 'tmpl-other' }))).toEqual({ errcode: 40037, errmsg: 'invalid template_id' });
    expect(await send(once(), 'wx-app-without-templates')).toEqual({ errcode: 40037, errmsg: 'invalid template_id' });
  });

  describe('47003 argument invalid: data not matching the template, bad options', () => {
    test.each<[string, Record<string, unknown>, string]>([
      ['a keyword missing', { data: { thing1: { value: 'x' } } }, 'data.time2 is missing (template tmpl-once has thing1, time2)'],
      ['an extra keyword', { data: { ...once().data, thing3: { value: 'x' } } }, 'data.thing3 is not a keyword of template tmpl-once'],
      ['a value not an object', { data: { ...once().data, thing1: 'x' } }, 'data.thing1 must be {"value": "<text>"}'],
      ['a value that is a number', { data: { ...once().data, thing1: { value: 7 } } }, 'data.thing1 must be {"value": "<text>"}'],
      ['a thing of 21 characters', { data: { ...once().data, thing1: { value: 'x'.repeat(21) } } }, 'data.thing1.value must be at most 20 characters for a thing keyword'],
      ['a value with a line break', { data: { ...once().data, thing1: { value: 'a\nb' } } }, 'data.thing1.value must not contain control characters'],
      ['an unknown miniprogram_state', { miniprogram_state: 'beta' }, 'miniprogram_state must be one of developer, trial, formal'],
      ['an unknown lang', { lang: 'fr_FR' }, 'lang must be one of zh_CN, en_US, zh_HK, zh_TW'],
      ['a page too long', { page: 'p'.repeat(1025) }, 'page must be at most 1024 characters'],
    ])('%s', async (_, extra, detail) => {
      await accept(1);
      const answer = await send(once(extra));
      expect(answer.errcode).toBe(47003);
      expect(answer.errmsg).toContain(`argument invalid!, hint: ${detail}`);
    });
  });

  test('40003 for an openid the host never recorded for this app', async () => {
    await store.set(userKey(OTHER_APP, 'openid-bob'), JSON.stringify({ user: 'bob', since: NOW }));
    await store.adjust(oneTimeKey(APP, 'openid-bob', 'tmpl-once'), 1);
    expect(await send(once({ touser: 'openid-nobody' }))).toEqual({ errcode: 40003, errmsg: 'invalid openid' });
    expect(await send(once({ touser: 'openid-bob' }))).toEqual({ errcode: 40003, errmsg: 'invalid openid' });
    expect(await send(once({ touser: 'bad\ud800' }))).toEqual({ errcode: 40003, errmsg: 'invalid openid' });
    expect(await send(once({ touser: 'o'.repeat(257) }))).toEqual({ errcode: 40003, errmsg: 'invalid openid' });
  });

  test("the checks come in WeChat's order: 47001, 40037, 47003, 40003, 43101", async () => {
    const nobody = { touser: 'openid-nobody' };
    expect((await send({ ...once(nobody), template_id: 'tmpl-nope', data: 'x' })).errcode).toBe(47001);
    expect((await send(once({ ...nobody, template_id: 'tmpl-nope', lang: 'xx' }))).errcode).toBe(40037);
    expect((await send(once({ ...nobody, lang: 'xx' }))).errcode).toBe(47003);
    expect((await send(once(nobody))).errcode).toBe(40003);
    expect((await send(once())).errcode).toBe(43101);
  });

  test('43101 without an acceptance; a one-time acceptance allows exactly one send', async () => {
    expect(await send(once())).toEqual({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
    await accept(1);
    const first = await send(once());
    expect(first).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect(await send(once())).toEqual({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
    await accept(2);
    expect((await send(once())).errcode).toBe(0);
    expect((await send(once())).errcode).toBe(0);
    expect((await send(once())).errcode).toBe(43101);
    expect(await store.get(oneTimeKey(APP, ALICE, 'tmpl-once'))).toBe('0');
  });

  test('a refused send consumes nothing: the acceptance stays for a correct one', async () => {
    await accept(1);
    expect((await send(once({ lang: 'xx' }))).errcode).toBe(47003);
    expect((await send(once({ touser: 'openid-nobody' }))).errcode).toBe(40003);
    expect((await send(once())).errcode).toBe(0);
    expect((await readOutbox(store, 'alice', { now: NOW })).messages).toHaveLength(1);
  });

  test('10 concurrent sends from 10 servers, one acceptance: exactly one 0, nine 43101, one message', async () => {
    await accept(1);
    const answers = await Promise.all(Array.from({ length: 10 }, () => sendSubscribeMessage({ ...deps, store: open() }, APP, once())));
    expect(answers.filter((a) => a.errcode === 0)).toHaveLength(1);
    expect(answers.filter((a) => a.errcode === 43101)).toHaveLength(9);
    expect((await readOutbox(store, 'alice', { now: NOW })).messages).toHaveLength(1);
    expect(delivered).toHaveLength(1);
  });

  test('a long-term acceptance sends repeatedly until it is turned off', async () => {
    expect((await send(long())).errcode).toBe(43101);
    await store.set(longTermKey(APP, ALICE, 'tmpl-long'), JSON.stringify({ acceptedAt: NOW }));
    for (let i = 0; i < 3; i++) expect((await send(long(`Issue ${i}`))).errcode).toBe(0);
    await store.delete(longTermKey(APP, ALICE, 'tmpl-long'));
    expect((await send(long())).errcode).toBe(43101);
    expect((await readOutbox(store, 'alice', { now: NOW })).messages.map((m) => m.data.thing1!.value)).toEqual(['Issue 0', 'Issue 1', 'Issue 2']);
  });

  test('a sent message is in the outbox with everything the send said, newest last', async () => {
    await accept(1);
    await store.set(longTermKey(APP, ALICE, 'tmpl-long'), JSON.stringify({ acceptedAt: NOW }));
    const first = msgidOf(await send(once({ page: 'pages/order?id=7', miniprogram_state: 'trial', lang: 'en_US' })));
    const second = msgidOf(await send(long()));
    expect(first).not.toBe(second);
    for (const msgid of [first, second]) expect(Number.isSafeInteger(msgid) && msgid > 0).toBe(true);
    const page = await readOutbox(store, 'alice', { now: NOW });
    expect(page).toEqual({
      cursor: 2,
      messages: [
        {
          n: 1,
          msgid: first,
          appId: APP,
          openid: ALICE,
          templateId: 'tmpl-once',
          title: 'Order shipped',
          page: 'pages/order?id=7',
          data: { thing1: { value: 'Your parcel' }, time2: { value: '2024-05-01 10:00' } },
          miniprogramState: 'trial',
          lang: 'en_US',
          sentAt: NOW,
        },
        {
          n: 2,
          msgid: second,
          appId: APP,
          openid: ALICE,
          templateId: 'tmpl-long',
          title: 'Weekly news',
          data: { thing1: { value: 'Cats' } },
          miniprogramState: 'formal',
          lang: 'zh_CN',
          sentAt: NOW,
        },
      ],
    });
    expect(delivered).toEqual(page.messages);
  });

  test('a deliver hook that throws or rejects is reported, and the send still answers 0', async () => {
    await store.set(longTermKey(APP, ALICE, 'tmpl-long'), JSON.stringify({ acceptedAt: NOW }));
    const thrown = new Error('push service down');
    deps.deliver = () => {
      throw thrown;
    };
    const first = msgidOf(await send(long()));
    deps.deliver = () => Promise.reject(new Error('timed out'));
    expect((await send(long())).errcode).toBe(0);
    expect(errors.map((e) => (e.error as Error).message)).toEqual(['push service down', 'timed out']);
    expect(errors[0]!.context).toContain(`deliver failed for message ${first} (app ${APP})`);
    deps.onError = () => {
      throw new Error('the reporter is broken too');
    };
    expect((await send(long())).errcode).toBe(0);
    expect((await readOutbox(store, 'alice', { now: NOW })).messages).toHaveLength(3);
  });
});

describe.each(STORES)('readOutbox over $name', (flavour) => {
  let store: SharedStore;
  const deps = (s: SharedStore, now: number): SendDeps => ({ store: s, templates: (appId) => TEMPLATES[appId] ?? [], now: () => now });

  beforeEach(async () => {
    store = flavour.create().store;
    await store.set(userKey(APP, ALICE), JSON.stringify({ user: 'alice', since: NOW }));
    await store.set(longTermKey(APP, ALICE, 'tmpl-long'), JSON.stringify({ acceptedAt: NOW }));
  });

  const sendMany = async (count: number, at = NOW) => {
    for (let i = 1; i <= count; i++) expect((await sendSubscribeMessage(deps(store, at), APP, long(`m${i}`))).errcode).toBe(0);
  };
  const texts = (messages: SentMessage[]) => messages.map((m) => m.data.thing1!.value);

  test('an empty outbox reads as no messages', async () => {
    expect(await readOutbox(store, 'nobody')).toEqual({ messages: [], cursor: 0 });
  });

  test('pages: the newest page without after, then onwards from a cursor', async () => {
    await sendMany(5);
    expect(texts((await readOutbox(store, 'alice', { now: NOW })).messages)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    const newest = await readOutbox(store, 'alice', { limit: 2, now: NOW });
    expect([texts(newest.messages), newest.cursor]).toEqual([['m4', 'm5'], 5]);
    const first = await readOutbox(store, 'alice', { after: 0, limit: 2, now: NOW });
    expect([texts(first.messages), first.cursor]).toEqual([['m1', 'm2'], 2]);
    const next = await readOutbox(store, 'alice', { after: first.cursor, limit: 2, now: NOW });
    expect([texts(next.messages), next.cursor]).toEqual([['m3', 'm4'], 4]);
    const rest = await readOutbox(store, 'alice', { after: 4, limit: 100, now: NOW });
    expect([texts(rest.messages), rest.cursor]).toEqual([['m5'], 5]);
    expect(await readOutbox(store, 'alice', { after: 5, now: NOW })).toEqual({ messages: [], cursor: 5 });
  });

  test('concurrent sends get distinct numbers', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => sendSubscribeMessage(deps(store, NOW), APP, long(`c${i}`))));
    expect(answers.every((a) => a.errcode === 0)).toBe(true);
    const { messages } = await readOutbox(store, 'alice', { now: NOW });
    expect(messages.map((m) => m.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(texts(messages)).size).toBe(6);
  });

  test('skips a number without a message and messages past their 30 days', async () => {
    const day = 24 * 60 * 60 * 1000;
    await sendMany(1, NOW - 31 * day);
    await sendMany(2, NOW);
    await store.delete('wxbridge/outbox/v1/alice/2');
    const page = await readOutbox(store, 'alice', { now: NOW });
    expect([texts(page.messages), page.cursor]).toEqual([['m2'], 3]);
    expect(page.messages[0]!.n).toBe(3);
  });

  test.each<[string, unknown, Record<string, unknown>, string]>([
    ['an empty user', '', {}, "readOutbox: user must be the superapp's non-empty id of the user"],
    ['a negative after', 'alice', { after: -1 }, 'readOutbox: after must be a non-negative integer'],
    ['a fractional after', 'alice', { after: 1.5 }, 'readOutbox: after must be a non-negative integer'],
    ['a limit of 0', 'alice', { limit: 0 }, 'readOutbox: limit must be an integer from 1 to 100'],
    ['a limit over 100', 'alice', { limit: 101 }, 'readOutbox: limit must be an integer from 1 to 100'],
  ])('refuses %s with a TypeError naming it', async (_, user, options, message) => {
    await expect(readOutbox(store, user as string, options)).rejects.toThrow(message);
  });
});
