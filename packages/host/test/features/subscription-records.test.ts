/**
 * requestSubscribeMessage's answers, recorded for the open-platform server in the sessions' store
 * (one-time counters, long-term records), and their revocation on the openSetting page.
 */
import {
  MemoryStore,
  SessionService,
  type HostOptions,
  type KeyValueStore,
  type SettingsPromptAnswer,
  type SubscribePromptAnswer,
  type SubscriptionTemplate,
} from '@wxbridge/host';
import { OpenIds, asLongTerm, longTermKey, oneTimeKey } from '@wxbridge/store/records';
import { makePair } from '../../../tooling/test-support/pair';
import { openPlatform } from '../../../tooling/test-support/open-platform';

const APP = 'wx-records';
const template = (kind: SubscriptionTemplate['kind']) => (id: string, title = id): SubscriptionTemplate => ({ id, title, kind });
const [oneTimeTemplate, longTermTemplate] = [template('one-time'), template('long-term')];
/** Two one-time templates, a third with the first's title (answered `filter`), two long-term ones. */
const TEMPLATES = [
  ...['tmpl-shipped', 'tmpl-paid'].map((id) => oneTimeTemplate(id)),
  oneTimeTemplate('tmpl-shipped-copy', 'tmpl-shipped'),
  ...['tmpl-weekly', 'tmpl-daily'].map((id) => longTermTemplate(id)),
];
const SUBSCRIBE_FAIL = { errMsg: 'requestSubscribeMessage:fail Request subscribe fail', errCode: 10003 };

function recordsPair(setup: { answer?: () => SubscribePromptAnswer; settings?: () => SettingsPromptAnswer; store?: KeyValueStore; host?: HostOptions } = {}) {
  const store = setup.store ?? new MemoryStore();
  const sessions = new SessionService({ store, secret: 'deployment' });
  const acceptAll = (): SubscribePromptAnswer => ({ choices: { 'tmpl-shipped': 'accept', 'tmpl-weekly': 'accept', 'tmpl-daily': 'accept' } });
  const subscribe = jest.fn(setup.answer ?? acceptAll);
  const pair = makePair(() => {}, {
    host: {
      sessions,
      user: () => 'alice',
      subscriptions: { templates: () => TEMPLATES },
      ...setup.host,
      prompts: { subscribe, settings: setup.settings ?? (() => ({})), ...setup.host?.prompts },
    },
    app: { appId: APP },
  });
  const request = (tmplIds: string[]) =>
    pair.bridge.runInTap(() => pair.bridge.wx.requestSubscribeMessage({ tmplIds })).catch((failure: unknown) => failure);
  const openSetting = () => pair.bridge.runInTap(() => pair.bridge.wx.openSetting({ withSubscriptions: true }));
  const openid = () => sessions.openIdOf(APP, 'alice');
  const oneTime = async (id: string) => store.get(oneTimeKey(APP, await openid(), id));
  const longTerm = async (id: string) => asLongTerm(await store.get(longTermKey(APP, await openid(), id)));
  return { ...pair, store, sessions, subscribe, request, openSetting, oneTime, longTerm };
}

describe('one-time templates', () => {
  test('each accepted request adds one send; a reject or a filter adds none', async () => {
    const { request, oneTime } = recordsPair({ answer: () => ({ choices: { 'tmpl-shipped': 'accept', 'tmpl-paid': 'reject' } }) });
    await expect(request(['tmpl-shipped', 'tmpl-paid', 'tmpl-shipped-copy'])).resolves.toMatchObject({
      'tmpl-shipped': 'accept',
      'tmpl-paid': 'reject',
      'tmpl-shipped-copy': 'filter',
    });
    await expect(request(['tmpl-shipped'])).resolves.toMatchObject({ 'tmpl-shipped': 'accept' });
    expect(await oneTime('tmpl-shipped')).toBe('2');
    expect(await oneTime('tmpl-paid')).toBeUndefined();
    expect(await oneTime('tmpl-shipped-copy')).toBeUndefined();
  });

  test('a choice answered from the kept settings counts as a shown one', async () => {
    const { request, oneTime, subscribe } = recordsPair({ answer: () => ({ choices: { 'tmpl-shipped': 'accept' }, keep: true }) });
    await request(['tmpl-shipped']);
    await expect(request(['tmpl-shipped'])).resolves.toMatchObject({ 'tmpl-shipped': 'accept' });
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(await oneTime('tmpl-shipped')).toBe('2');
  });

  test("the openid of the records is the one the server's jscode2session gives the backend", async () => {
    const platform = openPlatform({ apps: [APP], secret: 'deployment' });
    const { request, store, bridge } = recordsPair({ store: platform.store, host: { apiVersion: { login: 'v2' } } });
    await request(['tmpl-shipped']);
    const answer = await platform.redeem(APP, (await bridge.wx.login()).code);
    if (typeof answer.openid !== 'string') throw new Error(JSON.stringify(answer));
    expect(await store.get(oneTimeKey(APP, answer.openid, 'tmpl-shipped'))).toBe('1');
  });
});

describe('long-term templates', () => {
  test('accepted, then rejected: the record is gone', async () => {
    let choice: 'accept' | 'reject' = 'accept';
    const { request, longTerm } = recordsPair({ answer: () => ({ choices: { 'tmpl-weekly': choice } }) });
    await request(['tmpl-weekly']);
    expect(await longTerm('tmpl-weekly')).toEqual({ acceptedAt: expect.any(Number) });
    choice = 'reject';
    await expect(request(['tmpl-weekly'])).resolves.toMatchObject({ 'tmpl-weekly': 'reject' });
    expect(await longTerm('tmpl-weekly')).toBeUndefined();
  });
});

describe('revocation on the openSetting page', () => {
  test('a kept long-term template turned to reject loses its record; getSetting shows the change', async () => {
    const { request, openSetting, longTerm, bridge } = recordsPair({
      answer: () => ({ choices: { 'tmpl-weekly': 'accept', 'tmpl-daily': 'accept' }, keep: true }),
      settings: () => ({ subscriptionsSetting: { itemSettings: { 'tmpl-weekly': 'reject' } } }),
    });
    await request(['tmpl-weekly', 'tmpl-daily']);
    await expect(openSetting()).resolves.toMatchObject({
      subscriptionsSetting: { mainSwitch: true, itemSettings: { 'tmpl-weekly': 'reject', 'tmpl-daily': 'accept' } },
    });
    expect(await longTerm('tmpl-weekly')).toBeUndefined();
    expect(await longTerm('tmpl-daily')).toEqual({ acceptedAt: expect.any(Number) });
    // The kept reject now answers without a panel.
    await expect(request(['tmpl-weekly'])).resolves.toMatchObject({ 'tmpl-weekly': 'reject' });
    await expect(bridge.wx.getSetting({ withSubscriptions: true })).resolves.toMatchObject({
      subscriptionsSetting: { itemSettings: { 'tmpl-weekly': 'reject' } },
    });
  });

  test('the main switch off revokes every long-term template, kept or not; later requests fail 20004', async () => {
    const settings = jest.fn((): SettingsPromptAnswer => ({ authSetting: {}, subscriptionsSetting: { mainSwitch: false } }));
    const { request, openSetting, longTerm, oneTime } = recordsPair({ settings });
    await request(['tmpl-weekly', 'tmpl-daily']);
    await request(['tmpl-shipped']);
    expect(await longTerm('tmpl-daily')).toBeDefined();
    await expect(openSetting()).resolves.toMatchObject({ subscriptionsSetting: { mainSwitch: false } });
    expect(settings).toHaveBeenCalledWith(expect.objectContaining({ subscriptionsSetting: { mainSwitch: true, itemSettings: {} } }));
    expect(await longTerm('tmpl-weekly')).toBeUndefined();
    expect(await longTerm('tmpl-daily')).toBeUndefined();
    // A one-time acceptance is one send the user already allowed: it stays.
    expect(await oneTime('tmpl-shipped')).toBe('1');
    await expect(request(['tmpl-weekly'])).resolves.toEqual({ errMsg: 'requestSubscribeMessage:fail The main switch is switched off', errCode: 20004 });
  });

  test('with a mainSwitch hook the switch is the integrator’s: the page’s answer changes nothing, and the integrator revokes', async () => {
    const { request, openSetting, longTerm, host } = recordsPair({
      settings: () => ({ subscriptionsSetting: { mainSwitch: false } }),
      host: { subscriptions: { templates: () => TEMPLATES, mainSwitch: () => true } },
    });
    await request(['tmpl-weekly']);
    await expect(openSetting()).resolves.toMatchObject({ subscriptionsSetting: { mainSwitch: true } });
    expect(await longTerm('tmpl-weekly')).toBeDefined();
    await host.sessions.platform.revokeLongTerm(APP, 'alice', 'tmpl-weekly');
    expect(await longTerm('tmpl-weekly')).toBeUndefined();
  });

  test('a settings hook answering the bare scope map (the first shape) changes scopes only', async () => {
    const { request, openSetting, longTerm } = recordsPair({ settings: () => ({ 'scope.camera': true }) });
    await request(['tmpl-weekly']);
    await openSetting();
    expect(await longTerm('tmpl-weekly')).toBeDefined();
  });
});

describe('a recording that fails', () => {
  test('fails the call with 10003 (never a silent accept) and tells the integrator', async () => {
    const memory = new MemoryStore();
    const failing: KeyValueStore = {
      get: (key) => memory.get(key),
      set: (key, value, options) => {
        if (key.includes('/subscriptions/')) throw new Error('disk full');
        memory.set(key, value, options);
      },
      delete: (key) => memory.delete(key),
    };
    const { request, host } = recordsPair({ store: failing });
    const errors: unknown[] = [];
    host.on('error', (info) => errors.push(info.error));
    await expect(request(['tmpl-shipped'])).resolves.toEqual(SUBSCRIBE_FAIL);
    await expect(request(['tmpl-weekly'])).resolves.toEqual(SUBSCRIBE_FAIL);
    expect(errors.map((error) => (error as Error).message)).toEqual(['disk full', 'disk full']);
  });

  test('with no openid to record under (deriving it fails: a runtime with neither node:crypto nor crypto.subtle) an accept fails with 10003; a one-time reject records nothing and succeeds', async () => {
    let choice: 'accept' | 'reject' = 'accept';
    const { request } = recordsPair({ answer: () => ({ choices: { 'tmpl-shipped': choice } }) });
    const derive = jest.spyOn(OpenIds.prototype, 'of').mockRejectedValue(new Error('openids: crypto.subtle is unavailable'));
    try {
      await expect(request(['tmpl-shipped'])).resolves.toEqual(SUBSCRIBE_FAIL);
      expect(derive).toHaveBeenCalled();
      choice = 'reject';
      await expect(request(['tmpl-shipped'])).resolves.toMatchObject({ 'tmpl-shipped': 'reject' });
    } finally {
      derive.mockRestore();
    }
});
});
