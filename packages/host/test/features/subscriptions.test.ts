import type { Wx } from '@wxbridge/guest';
import {
  DecisionStore,
  MemoryStore,
  SUBSCRIPTION_ERRORS,
  type HostOptions,
  type KeyValueStore,
  type PromptRequest,
  type ResultInfo,
  type SubscribePromptAnswer,
  type SubscribePromptRequest,
  type SubscriptionOptions,
  type SubscriptionTemplate,
} from '@wxbridge/host';
import { arrivals, makePair, onCleanup, rawPair, until } from '../../../tooling/test-support/pair';

/** The mini program's global `wx`, as the platform docs' samples use it. */
declare const wx: Wx;

const APP = 'wx-subscriptions';

const TEMPLATES: SubscriptionTemplate[] = [
  { id: 'tmpl-shipped', title: 'Order shipped', kind: 'one-time' },
  { id: 'tmpl-paid', title: 'Payment received', kind: 'one-time' },
  { id: 'tmpl-refund', title: 'Refund issued', kind: 'one-time' },
  { id: 'tmpl-delivered', title: 'Order delivered', kind: 'one-time' },
  { id: 'tmpl-shipped-copy', title: 'Order shipped', kind: 'one-time' },
  { id: 'tmpl-banned', title: 'Flash sale', kind: 'one-time', banned: true },
  { id: 'tmpl-device', title: 'Printer out of paper', kind: 'one-time', deviceMessage: true },
  { id: 'tmpl-weekly', title: 'Weekly report', kind: 'long-term' },
  { id: 'tmpl-daily', title: 'Daily digest', kind: 'long-term' },
];

type Prompt = (request: SubscribePromptRequest & PromptRequest) => SubscribePromptAnswer | Promise<SubscribePromptAnswer>;

const acceptAll: Prompt = ({ templates }) => ({ choices: Object.fromEntries(templates.map((t) => [t.id, 'accept' as const])) });

function subscriptionPair(
  setup: {
    subscribe?: Prompt | null;
    subscriptions?: Partial<SubscriptionOptions> | null;
    host?: HostOptions;
  } = {},
) {
  const subscribe = jest.fn(setup.subscribe === undefined ? acceptAll : (setup.subscribe ?? acceptAll));
  const templates = jest.fn((_app: unknown): SubscriptionTemplate[] => TEMPLATES);
  const subscriptions: SubscriptionOptions | undefined =
    setup.subscriptions === null ? undefined : { templates, ...setup.subscriptions };
  const host: HostOptions = {
    ...setup.host,
    ...(subscriptions ? { subscriptions } : {}),
    prompts: { ...setup.host?.prompts, ...(setup.subscribe === null ? {} : { subscribe }) },
  };
  const pair = makePair(() => {}, { host, app: { appId: APP } });
  const request = (tmplIds: unknown[]) =>
    pair.bridge.runInTap(() => pair.bridge.wx.requestSubscribeMessage({ tmplIds: tmplIds as string[] }));
  const outcome = (tmplIds: unknown[]) => request(tmplIds).catch((failure: unknown) => failure);
  return { ...pair, subscribe, templates, request, outcome };
}

const failure = (text: string, errCode: number) => ({ errMsg: `requestSubscribeMessage:fail ${text}`, errCode });
const EMPTY = failure("TmplIds can't be empty", 10001);
const LIST_FAIL = failure('Request list fail', 10002);
const SUBSCRIBE_FAIL = failure('Request subscribe fail', 10003);
const UNKNOWN = failure('No template data return, verify the template id exist', 20001);
const MIXED = failure('Templates type must be same', 20002);
const TOO_MANY = failure('Templates count out of max bounds', 20003);
const SWITCH_OFF = failure('The main switch is switched off', 20004);
const APP_BANNED = failure('This mini program was banned from subscribing messages', 20005);
const DEVICE = failure('Reject DeviceMsg Template', 20013);

describe('requestSubscribeMessage: offered', () => {
  test('only with both subscriptions and prompts.subscribe; built in, so handle() refuses it', async () => {
    for (const setup of [{ subscribe: null }, { subscriptions: null }] as const) {
      const { bridge, host, outcome } = subscriptionPair(setup);
      await bridge.ready;
      expect(bridge.wx.canIUse('requestSubscribeMessage')).toBe(false);
      await expect(outcome(['tmpl-shipped'])).resolves.toEqual({ errMsg: 'requestSubscribeMessage:fail not supported', errno: 100 });
      expect(() => host.handle('requestSubscribeMessage', () => ({}))).toThrow('built into the host');
    }
    const { bridge } = subscriptionPair();
    await bridge.ready;
    expect(bridge.wx.canIUse('requestSubscribeMessage')).toBe(true);
  });

  test('the host refuses a request without a tap before looking at templates or prompting', async () => {
    const templates = jest.fn(() => TEMPLATES);
    const subscribe = jest.fn(acceptAll);
    const { guest } = rawPair(() => {}, { appId: APP }, { subscriptions: { templates }, prompts: { subscribe } });
    guest.hello();
    guest.request(1, 'requestSubscribeMessage', { tmplIds: ['tmpl-shipped'] });
    expect((await guest.response(1)).result).toEqual({
      errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.',
    });
    guest.request(2, 'requestSubscribeMessage', { tmplIds: ['tmpl-shipped', 7] }, { tap: true });
    expect((await guest.response(2)).result).toMatchObject({ errno: 1001 });
    expect(templates).not.toHaveBeenCalled();
    expect(subscribe).not.toHaveBeenCalled();
  });

  test('a bad configuration fails createHost', () => {
    expect(() => makePair(() => {}, { host: { subscriptions: { templates: () => [], maxPerCall: 0 } } })).toThrow(
      'createHost: subscriptions.maxPerCall must be a positive integer, not 0',
    );
    expect(() => makePair(() => {}, { host: { subscriptions: {} as SubscriptionOptions } })).toThrow(
      'createHost: subscriptions.templates must be a function',
    );
  });
});

describe('requestSubscribeMessage: the error table', () => {
  test('empty tmplIds → 10001, without reading the templates', async () => {
    const { outcome, templates, subscribe } = subscriptionPair();
    await expect(outcome([])).resolves.toEqual(EMPTY);
    expect(templates).not.toHaveBeenCalled();
    expect(subscribe).not.toHaveBeenCalled();
    expect(SUBSCRIPTION_ERRORS.emptyIds).toBe(10001);
  });

  test('more than maxPerCall → 20003 (3 by default, configurable)', async () => {
    const four = ['tmpl-shipped', 'tmpl-paid', 'tmpl-refund', 'tmpl-delivered'];
    const byDefault = subscriptionPair();
    await expect(byDefault.outcome(four)).resolves.toEqual(TOO_MANY);
    expect(byDefault.templates).not.toHaveBeenCalled();
    await expect(byDefault.outcome(four.slice(0, 3))).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-shipped': 'accept',
      'tmpl-paid': 'accept',
      'tmpl-refund': 'accept',
    });
    const five = subscriptionPair({ subscriptions: { maxPerCall: 5 } });
    await expect(five.outcome([...four, 'tmpl-banned'])).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-shipped': 'accept',
      'tmpl-paid': 'accept',
      'tmpl-refund': 'accept',
      'tmpl-delivered': 'accept',
      'tmpl-banned': 'ban',
    });
    await expect(five.outcome([...four, 'tmpl-banned', 'tmpl-shipped-copy'])).resolves.toEqual(TOO_MANY);
  });

  test('an id this app has no template for → 20001; the registry is asked per app', async () => {
    const { outcome, templates, subscribe } = subscriptionPair();
    await expect(outcome(['tmpl-shipped', 'tmpl-nope'])).resolves.toEqual(UNKNOWN);
    await expect(outcome(['constructor'])).resolves.toEqual(UNKNOWN);
    await expect(outcome(['__proto__'])).resolves.toEqual(UNKNOWN);
    expect(templates).toHaveBeenCalledWith({ appId: APP, envVersion: 'release', version: '' });
    expect(subscribe).not.toHaveBeenCalled();
  });

  test('one-time mixed with long-term → 20002', async () => {
    const { outcome, subscribe } = subscriptionPair();
    await expect(outcome(['tmpl-shipped', 'tmpl-weekly'])).resolves.toEqual(MIXED);
    await expect(outcome(['tmpl-weekly', 'tmpl-daily'])).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-weekly': 'accept',
      'tmpl-daily': 'accept',
    });
    expect(subscribe).toHaveBeenCalledTimes(1);
  });

  test('the main switch off → 20004: the stored decision by default, or the integrator’s hook', async () => {
    const store = new MemoryStore();
    await new DecisionStore(store).update('ada', APP, (d) => void (d.subscriptions = { mainSwitch: false, items: {} }));
    const stored = subscriptionPair({ host: { store, user: () => 'ada' } });
    await expect(stored.outcome(['tmpl-shipped'])).resolves.toEqual(SWITCH_OFF);
    expect(stored.subscribe).not.toHaveBeenCalled();
    // Another user of the same app has the switch on (the default).
    const other = subscriptionPair({ host: { store, user: () => 'bob' } });
    await expect(other.outcome(['tmpl-shipped'])).resolves.toEqual({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-shipped': 'accept' });

    const mainSwitch = jest.fn(async () => false);
    const hooked = subscriptionPair({ subscriptions: { mainSwitch }, host: { user: () => 'cy' } });
    await expect(hooked.outcome(['tmpl-shipped'])).resolves.toEqual(SWITCH_OFF);
    expect(mainSwitch).toHaveBeenCalledWith(expect.objectContaining({ appId: APP }), 'cy');
  });

  test('the app banned → 20005', async () => {
    const appBanned = jest.fn((app: { appId: string }) => app.appId === APP);
    const { outcome, subscribe } = subscriptionPair({ subscriptions: { appBanned } });
    await expect(outcome(['tmpl-shipped'])).resolves.toEqual(APP_BANNED);
    expect(appBanned).toHaveBeenCalledWith(expect.objectContaining({ appId: APP }));
    expect(subscribe).not.toHaveBeenCalled();
  });

  test('a device-message template → 20013', async () => {
    const { outcome, subscribe } = subscriptionPair();
    await expect(outcome(['tmpl-shipped', 'tmpl-device'])).resolves.toEqual(DEVICE);
    expect(subscribe).not.toHaveBeenCalled();
  });

  test('templates() throwing (or not giving a list) → 10002', async () => {
    const throwing = subscriptionPair({ subscriptions: { templates: () => Promise.reject(new Error('registry down')) } });
    await expect(throwing.outcome(['tmpl-shipped'])).resolves.toEqual(LIST_FAIL);
    const synchronous = subscriptionPair({
      subscriptions: {
        templates: () => {
          throw new Error('registry down');
        },
      },
    });
    await expect(synchronous.outcome(['tmpl-shipped'])).resolves.toEqual(LIST_FAIL);
    const notAList = subscriptionPair({ subscriptions: { templates: () => ({}) as never } });
    await expect(notAList.outcome(['tmpl-shipped'])).resolves.toEqual(LIST_FAIL);
  });

  test('mainSwitch() or appBanned() throwing → 10002, and the integrator hears of it', async () => {
    for (const subscriptions of [
      { mainSwitch: () => Promise.reject(new Error('switch service down')) },
      {
        appBanned: (): boolean => {
          throw new Error('ban list down');
        },
      },
    ]) {
      const { outcome, subscribe, host } = subscriptionPair({ subscriptions });
      const errors: unknown[] = [];
      host.on('error', (info) => errors.push(info));
      await expect(outcome(['tmpl-shipped'])).resolves.toEqual(LIST_FAIL);
      expect(subscribe).not.toHaveBeenCalled();
      expect(errors).toEqual([
        expect.objectContaining({ phase: 'hook', api: 'requestSubscribeMessage', error: expect.any(Error) }),
      ]);
    }
  });

  test("a hook's failure reaches the host's error event with phase 'hook'", async () => {
    const crash = new Error('dialog crashed');
    const { outcome, host } = subscriptionPair({ subscribe: () => Promise.reject(crash) });
    const errors: unknown[] = [];
    host.on('error', (info) => errors.push(info));
    await expect(outcome(['tmpl-shipped'])).resolves.toEqual(SUBSCRIBE_FAIL);
    expect(errors).toEqual([expect.objectContaining({ phase: 'hook', api: 'requestSubscribeMessage', error: crash })]);
  });

  test('the prompt hook throwing, or a malformed answer → 10003', async () => {
    const throwing = subscriptionPair({
      subscribe: () => {
        throw new Error('dialog crashed');
      },
    });
    await expect(throwing.outcome(['tmpl-shipped'])).resolves.toEqual(SUBSCRIBE_FAIL);
    const rejecting = subscriptionPair({ subscribe: async () => Promise.reject(new Error('dialog crashed')) });
    await expect(rejecting.outcome(['tmpl-shipped'])).resolves.toEqual(SUBSCRIBE_FAIL);
    const malformed = subscriptionPair({ subscribe: () => undefined as never });
    await expect(malformed.outcome(['tmpl-shipped'])).resolves.toEqual(SUBSCRIBE_FAIL);
  });

  test('storing a kept choice failing → 10003', async () => {
    const broken: KeyValueStore = {
      get: async () => undefined,
      set: async () => {
        throw new Error('disk full');
      },
      delete: async () => {},
    } as unknown as KeyValueStore;
    const { outcome } = subscriptionPair({
      subscribe: () => ({ choices: { 'tmpl-shipped': 'accept' }, keep: true }),
      host: { store: broken },
    });
    await expect(outcome(['tmpl-shipped'])).resolves.toEqual(SUBSCRIBE_FAIL);
  });

  test('the rules apply in the table’s order', async () => {
    const store = new MemoryStore();
    await new DecisionStore(store).update('anonymous', APP, (d) => void (d.subscriptions = { mainSwitch: false, items: {} }));
    const everythingWrong = subscriptionPair({
      subscriptions: { appBanned: () => true, maxPerCall: 3 },
      host: { store },
    });
    const { outcome } = everythingWrong;
    // Too many is found before the registry is read (and before unknown ids).
    await expect(outcome(['tmpl-nope', 'tmpl-shipped', 'tmpl-weekly', 'tmpl-device'])).resolves.toEqual(TOO_MANY);
    // Unknown before mixed kinds.
    await expect(outcome(['tmpl-shipped', 'tmpl-weekly', 'tmpl-nope'])).resolves.toEqual(UNKNOWN);
    // Mixed kinds before the main switch.
    await expect(outcome(['tmpl-device', 'tmpl-weekly'])).resolves.toEqual(MIXED);
    // The main switch before the app ban.
    await expect(outcome(['tmpl-device'])).resolves.toEqual(SWITCH_OFF);
    // The app ban before device messages.
    const banned = subscriptionPair({ subscriptions: { appBanned: () => true } });
    await expect(banned.outcome(['tmpl-device'])).resolves.toEqual(APP_BANNED);
    // Too many before the registry failing.
    const down = subscriptionPair({ subscriptions: { templates: () => Promise.reject(new Error('down')) } });
    await expect(down.outcome(['a', 'b', 'c', 'd'])).resolves.toEqual(TOO_MANY);
    await expect(down.outcome([])).resolves.toEqual(EMPTY);
    expect(everythingWrong.subscribe).not.toHaveBeenCalled();
  });
});

describe('requestSubscribeMessage: success', () => {
  test('each requested id is answered with the user’s choice; the hook sees only the shown templates', async () => {
    const { outcome, subscribe } = subscriptionPair({
      subscribe: () => ({ choices: { 'tmpl-shipped': 'accept', 'tmpl-paid': 'reject' } }),
      host: { user: () => 'ada' },
    });
    await expect(outcome(['tmpl-shipped', 'tmpl-paid', 'tmpl-banned'])).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-shipped': 'accept',
      'tmpl-paid': 'reject',
      'tmpl-banned': 'ban',
    });
    expect(subscribe).toHaveBeenCalledTimes(1);
    const request = subscribe.mock.calls[0]![0];
    expect(request).toEqual({
      templates: [TEMPLATES[0], TEMPLATES[1]],
      app: { appId: APP, envVersion: 'release', version: '' },
      user: 'ada',
      signal: expect.any(AbortSignal),
    });
  });

  test('templates sharing a title keep the first; the rest are filter', async () => {
    const { outcome, subscribe } = subscriptionPair();
    await expect(outcome(['tmpl-shipped-copy', 'tmpl-paid', 'tmpl-shipped'])).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-shipped-copy': 'accept',
      'tmpl-paid': 'accept',
      'tmpl-shipped': 'filter',
    });
    expect(subscribe.mock.calls[0]![0].templates.map((t) => t.id)).toEqual(['tmpl-shipped-copy', 'tmpl-paid']);
  });

  test('a repeated id is answered once', async () => {
    const { outcome, subscribe } = subscriptionPair();
    await expect(outcome(['tmpl-paid', 'tmpl-paid'])).resolves.toEqual({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-paid': 'accept' });
    expect(subscribe.mock.calls[0]![0].templates.map((t) => t.id)).toEqual(['tmpl-paid']);
  });

  test('nothing left to show → no prompt at all', async () => {
    const { outcome, subscribe } = subscriptionPair();
    await expect(outcome(['tmpl-banned'])).resolves.toEqual({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-banned': 'ban' });
    expect(subscribe).not.toHaveBeenCalled();
  });

  test('cancelling the panel rejects every shown template (a success, not a fail)', async () => {
    const { outcome, bridge } = subscriptionPair({ subscribe: () => 'cancel' });
    await expect(outcome(['tmpl-shipped', 'tmpl-banned', 'tmpl-paid'])).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-shipped': 'reject',
      'tmpl-banned': 'ban',
      'tmpl-paid': 'reject',
    });
    await expect(bridge.wx.getSetting({ withSubscriptions: true })).resolves.toEqual({
      authSetting: {},
      subscriptionsSetting: { mainSwitch: true, itemSettings: {} },
      errMsg: 'getSetting:ok',
    });
  });

  test('a shown template the answer leaves out, or answers with anything but accept, is reject', async () => {
    const { outcome } = subscriptionPair({
      subscribe: () => ({ choices: { 'tmpl-paid': 'ban', 'tmpl-nope': 'accept' } as never }),
    });
    await expect(outcome(['tmpl-shipped', 'tmpl-paid'])).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-shipped': 'reject',
      'tmpl-paid': 'reject',
    });
  });

  test('keep: true stores the shown choices; they answer later calls without a prompt and appear in getSetting', async () => {
    let answer: SubscribePromptAnswer = { choices: { 'tmpl-shipped': 'accept', 'tmpl-paid': 'reject' }, keep: true };
    const { outcome, subscribe, bridge } = subscriptionPair({ subscribe: () => answer });
    await expect(outcome(['tmpl-shipped', 'tmpl-paid', 'tmpl-banned'])).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-shipped': 'accept',
      'tmpl-paid': 'reject',
      'tmpl-banned': 'ban',
    });
    await expect(bridge.wx.getSetting({ withSubscriptions: true })).resolves.toEqual({
      authSetting: {},
      subscriptionsSetting: { mainSwitch: true, itemSettings: { 'tmpl-shipped': 'accept', 'tmpl-paid': 'reject' } },
      errMsg: 'getSetting:ok',
    });
    // Remembered: no prompt.
    await expect(outcome(['tmpl-paid', 'tmpl-shipped'])).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-paid': 'reject',
      'tmpl-shipped': 'accept',
    });
    expect(subscribe).toHaveBeenCalledTimes(1);
    // A mix: only the template not remembered is shown; a choice not kept is not stored.
    answer = { choices: { 'tmpl-refund': 'accept' } };
    await expect(outcome(['tmpl-shipped', 'tmpl-refund'])).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-shipped': 'accept',
      'tmpl-refund': 'accept',
    });
    expect(subscribe).toHaveBeenCalledTimes(2);
    expect(subscribe.mock.calls[1]![0].templates.map((t) => t.id)).toEqual(['tmpl-refund']);
    await expect(bridge.wx.getSetting({ withSubscriptions: true })).resolves.toMatchObject({
      subscriptionsSetting: { mainSwitch: true, itemSettings: { 'tmpl-shipped': 'accept', 'tmpl-paid': 'reject' } },
    });
    await expect(outcome(['tmpl-refund'])).resolves.toEqual({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-refund': 'accept' });
    expect(subscribe).toHaveBeenCalledTimes(3);
    // getSetting without withSubscriptions has no subscriptionsSetting.
    await expect(bridge.wx.getSetting()).resolves.toEqual({ authSetting: {}, errMsg: 'getSetting:ok' });
  });

  test('kept choices are per user', async () => {
    const store = new MemoryStore();
    const ada = subscriptionPair({ subscribe: () => ({ choices: { 'tmpl-paid': 'accept' }, keep: true }), host: { store, user: () => 'ada' } });
    await ada.outcome(['tmpl-paid']);
    const bob = subscriptionPair({ subscribe: () => 'cancel', host: { store, user: () => 'bob' } });
    await expect(bob.outcome(['tmpl-paid'])).resolves.toEqual({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-paid': 'reject' });
    expect(bob.subscribe).toHaveBeenCalledTimes(1);
  });

  test('a stored ban answers ban; a template banned since the user kept a choice answers ban', async () => {
    const store = new MemoryStore();
    await new DecisionStore(store).update('anonymous', APP, (d) => {
      d.subscriptions = { mainSwitch: true, items: { 'tmpl-paid': 'ban', 'tmpl-banned': 'accept' } };
    });
    const { outcome, subscribe } = subscriptionPair({ host: { store } });
    await expect(outcome(['tmpl-paid', 'tmpl-banned'])).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-paid': 'ban',
      'tmpl-banned': 'ban',
    });
    expect(subscribe).not.toHaveBeenCalled();
  });
});

describe('requestSubscribeMessage: the prompt queue', () => {
  test('one panel at a time; a panel waiting its turn skips choices kept meanwhile', async () => {
    const log: string[] = [];
    let arrived: string[] = [];
    const { bridge, host, outcome, subscribe } = subscriptionPair({
      subscribe: async ({ templates }) => {
        log.push('open ' + templates.map((t) => t.id).join(','));
        // Open until the other two requests have reached the host: they wait their turn behind it.
        await until(() => arrived.length === 3, () => `the three requests to reach the host (${arrived.length} so far)`);
        log.push('close');
        return { choices: Object.fromEntries(templates.map((t) => [t.id, 'accept' as const])), keep: true };
      },
    });
    arrived = arrivals(host);
    await bridge.ready;
    const results = await Promise.all([outcome(['tmpl-shipped']), outcome(['tmpl-shipped']), outcome(['tmpl-shipped', 'tmpl-paid'])]);
    expect(results).toEqual([
      { errMsg: 'requestSubscribeMessage:ok', 'tmpl-shipped': 'accept' },
      { errMsg: 'requestSubscribeMessage:ok', 'tmpl-shipped': 'accept' },
      { errMsg: 'requestSubscribeMessage:ok', 'tmpl-shipped': 'accept', 'tmpl-paid': 'accept' },
    ]);
    expect(log).toEqual(['open tmpl-shipped', 'close', 'open tmpl-paid', 'close']);
    expect(subscribe).toHaveBeenCalledTimes(2);
  });

  test('a panel closed because the mini program left stores nothing, even with keep', async () => {
    const store = new MemoryStore();
    const first = subscriptionPair({
      subscribe: ({ signal }) =>
        new Promise<SubscribePromptAnswer>((resolve) =>
          signal.addEventListener('abort', () => resolve({ choices: { 'tmpl-paid': 'reject' }, keep: true })),
        ),
      host: { store },
    });
    await first.bridge.ready;
    void first.request(['tmpl-paid']).catch(() => {});
    await until(() => first.subscribe.mock.calls.length > 0, 'the panel to show');
    expect(first.subscribe).toHaveBeenCalledTimes(1);
    first.bridge.dispose();
    // The goodbye reached the host: the panel is told to close (its answer, given on that signal, is then not kept).
    await until(() => first.subscribe.mock.calls[0]![0].signal.aborted, 'the panel to be told to close');
    expect((await new DecisionStore(store).read('anonymous', APP)).subscriptions).toBeUndefined();
    // The same mini program, back: asked again.
    const second = subscriptionPair({ host: { store } });
    await expect(second.outcome(['tmpl-paid'])).resolves.toEqual({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-paid': 'accept' });
    expect(second.subscribe).toHaveBeenCalledTimes(1);
  });

  test('a mini program raising panels too often is refused (errno 1003, errCode 10003) without a panel', async () => {
    const { outcome, subscribe } = subscriptionPair({ host: { promptsPerMinute: 1 } });
    await expect(outcome(['tmpl-paid'])).resolves.toEqual({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-paid': 'accept' });
    await expect(outcome(['tmpl-paid'])).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:fail too many prompts, try again later',
      errno: 1003,
      errCode: 10003,
    });
    expect(subscribe).toHaveBeenCalledTimes(1);
    // Answers that need no panel are not limited.
    await expect(outcome(['tmpl-banned'])).resolves.toEqual({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-banned': 'ban' });
  });
});

describe('the platform docs’ sample, unchanged, against a global wx', () => {
  async function withGlobalWx(setup: Parameters<typeof subscriptionPair>[0] = {}) {
    const pair = subscriptionPair(setup);
    const results: ResultInfo[] = [];
    pair.host.on('result', (info) => results.push(info));
    const g = globalThis as Record<string, unknown>;
    pair.bridge.install();
    const logs: unknown[][] = [];
    const consoleLog = jest.spyOn(console, 'log').mockImplementation((...args) => void logs.push(args));
    onCleanup(() => (delete g.wx, consoleLog.mockRestore()));
    await pair.bridge.ready;
    return { ...pair, results, logs };
  }

  function sample() {
    wx.requestSubscribeMessage({
      tmplIds: [''],
      success: (res) => {
        console.log('requestSubscribeMessage===success', res);
      },
    });
  }

  function sampleWithRealId() {
    wx.requestSubscribeMessage({
      tmplIds: ['tmpl-shipped'],
      success: (res) => {
        console.log('requestSubscribeMessage===success', res);
      },
    });
  }

  test('an empty-string id is unknown: success never runs; the fail result is 20001', async () => {
    const { bridge, idle, results, logs, subscribe } = await withGlobalWx();
    bridge.runInTap(() => sample());
    await idle(); // the sample's call answered, and the answer handled: a success callback would have run
    expect(logs).toEqual([]);
    expect(results.map((r) => [r.ok, r.result])).toEqual([[false, UNKNOWN]]);
    expect(subscribe).not.toHaveBeenCalled();
    // What its fail and complete callbacks would have received.
    const seen: unknown[] = [];
    bridge.runInTap(() => wx.requestSubscribeMessage({ tmplIds: [''], fail: (res) => seen.push(res), complete: (res) => seen.push(res) }));
    await until(() => seen.length >= 2, 'the fail and complete callbacks');
    expect(seen).toEqual([UNKNOWN, UNKNOWN]);
  });

  test('outside a tap the sample’s call never succeeds', async () => {
    const { logs, results, idle } = await withGlobalWx();
    sampleWithRealId();
    await idle(); // had the guest sent the call, this would wait for its answer
    expect(logs).toEqual([]);
    expect(results).toEqual([]); // refused by the guest, never sent
  });

  test('with a real id the sample logs the result', async () => {
    const { bridge, logs } = await withGlobalWx({ subscribe: () => ({ choices: { 'tmpl-shipped': 'accept' }, keep: true }) });
    bridge.runInTap(() => sampleWithRealId());
    await until(() => logs.length > 0, 'the sample to log');
    expect(logs).toEqual([['requestSubscribeMessage===success', { errMsg: 'requestSubscribeMessage:ok', 'tmpl-shipped': 'accept' }]]);
    const setting: unknown[] = [];
    wx.getSetting({ withSubscriptions: true, success: (res) => setting.push(res) });
    await until(() => setting.length > 0, 'getSetting to succeed');
    expect(setting).toEqual([
      {
        authSetting: {},
        subscriptionsSetting: { mainSwitch: true, itemSettings: { 'tmpl-shipped': 'accept' } },
        errMsg: 'getSetting:ok',
      },
    ]);
  });
});
