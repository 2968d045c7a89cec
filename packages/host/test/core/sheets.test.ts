/**
 * Every API the catalogue marks `sheet` obeys the one consent path: one sheet on screen per mini
 * program and user (the others wait their turn), at most `promptsPerMinute` sheets a minute (then
 * errno 1003 and nothing shown), and a sheet is told to close when its mini program leaves.
 *
 * Table-driven over the catalogue: a new sheet API whose handler is the sheet (payment, the
 * open-type sheets) is covered by its row alone; a sheet built into the host needs a recipe below
 * (how to make it show its sheet), and the first test fails until it has one.
 */
import { apiNames, lookupApi, type ValueSpec } from '@wxbridge/protocol';
import type { Host, HostOptions } from '@wxbridge/host';
import { makePair, type Pair } from '../../../tooling/test-support/pair';

/** A sheet being shown: what the probe saw, and how to close it. */
interface Shown {
  signal: AbortSignal;
  close(): void;
}

/** Stands in for every sheet: records each showing and keeps it open until the test closes it. */
class Probe {
  readonly shown: Shown[] = [];
  private waiters: (() => void)[] = [];

  show<T>(signal: AbortSignal, answer: T): Promise<T> {
    return new Promise<T>((resolve) => {
      this.shown.push({ signal, close: () => resolve(answer) });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Resolves once `count` sheets have been shown. */
  async until(count: number): Promise<Shown> {
    while (this.shown.length < count) await new Promise<void>((wake) => this.waiters.push(wake));
    return this.shown[count - 1]!;
  }
}

interface Recipe {
  options?(probe: Probe): HostOptions;
  setup?(host: Host, probe: Probe): void;
  /** The parameters of the n-th call (n from 0). */
  params(n: number): Record<string, unknown>;
}

/** A value for a required parameter of this spec. */
function sample(spec: ValueSpec): unknown {
  switch (spec.type) {
    case 'string':
      return spec.enum?.[0] ?? 'x';
    case 'number':
      return spec.enum?.[0] ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return {};
  }
}

/** The default: the integrator's handler is the sheet (requestPayment, getPhoneNumber, …). */
function handlerRecipe(api: string): Recipe {
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(lookupApi(api)!.params ?? {})) if (spec.required) params[name] = sample(spec);
  return {
    setup: (host, probe) => host.handle(api as never, ((_params: unknown, ctx: { signal: AbortSignal }) => probe.show(ctx.signal, {})) as never),
    params: () => params,
  };
}

const SCOPES = ['scope.camera', 'scope.record', 'scope.bluetooth', 'scope.werun', 'scope.addPhoneContact'];

/** Sheets the host draws itself through a hook or a device. */
const RECIPES: Record<string, Recipe> = {
  authorize: {
    options: (probe) => ({ prompts: { authorize: ({ signal }) => probe.show(signal, false) } }),
    // Different scopes: questions for one scope share one sheet.
    params: (n) => ({ scope: SCOPES[n] }),
  },
  openSetting: {
    options: (probe) => ({ prompts: { settings: ({ signal }) => probe.show(signal, {}) } }),
    params: () => ({}),
  },
  getUserProfile: {
    options: (probe) => ({ prompts: { userProfile: ({ signal }) => probe.show(signal, true) } }),
    setup: (host) => host.handle('getUserProfile', () => ({ nickName: 'n' })),
    params: () => ({ desc: 'to show your name' }),
  },
  requirePrivacyAuthorize: {
    options: (probe) => ({ privacy: {}, prompts: { privacy: ({ signal }) => probe.show(signal, false) } }),
    params: () => ({}),
  },
  requestSubscribeMessage: {
    options: (probe) => ({
      subscriptions: { templates: () => [{ id: 'tmpl-1', title: 'Order shipped', kind: 'one-time' }] },
      prompts: { subscribe: ({ signal }) => probe.show(signal, 'cancel' as const) },
    }),
    params: () => ({ tmplIds: ['tmpl-1'] }),
  },
  startSoterAuthentication: {
    options: (probe) => ({
      biometrics: {
        supportedModes: () => ['fingerPrint'],
        enrolledModes: () => ['fingerPrint'],
        authenticate: ({ signal }) => probe.show(signal, { ok: false as const, reason: 'cancel' as const }),
      },
    }),
    params: () => ({ requestAuthModes: ['fingerPrint'], challenge: 'challenge-1' }),
  },
};

const SHEETS = apiNames().filter((api) => lookupApi(api)!.sheet === true);
const recipeOf = (api: string): Recipe => RECIPES[api] ?? handlerRecipe(api);

/** A host whose `api` shows its sheet through the probe, plus a blocker sheet of another API. */
function stage(api: string, options: HostOptions = {}) {
  const probe = new Probe();
  const blocker = new Probe();
  const recipe = recipeOf(api);
  // The blocker: openSetting's page (or, for openSetting itself, a scope prompt).
  const blockerApi = api === 'openSetting' ? 'authorize' : 'openSetting';
  const blockerOptions: HostOptions =
    blockerApi === 'openSetting'
      ? { prompts: { settings: ({ signal }) => blocker.show(signal, {}) } }
      : { prompts: { authorize: ({ signal }) => blocker.show(signal, true) } };
  const own = recipe.options?.(probe) ?? {};
  const host = { ...options, ...own, prompts: { ...blockerOptions.prompts, ...own.prompts } };
  const pair: Pair = makePair((h) => recipe.setup?.(h, probe), { host, app: { appId: 'wx-sheets' } });
  const entry = lookupApi(api)!;
  const call = (n: number): Promise<Record<string, unknown>> => {
    const run = () =>
      entry.kind === 'openType'
        ? pair.bridge.invokeOpenType(api as never, recipe.params(n))
        : (pair.bridge.wx as unknown as Record<string, (p: unknown) => Promise<unknown>>)[api]!(recipe.params(n));
    return (pair.bridge.runInTap(run) as Promise<Record<string, unknown>>).catch((failure: Record<string, unknown>) => failure);
  };
  const block = () => pair.bridge.runInTap(() => (blockerApi === 'openSetting' ? pair.bridge.wx.openSetting() : pair.bridge.wx.authorize({ scope: 'scope.werun' })));
  return { ...pair, probe, blocker, call, block };
}

test('the catalogue has sheets, and each one has a recipe or is answered by a handler', () => {
  expect(SHEETS).toEqual(expect.arrayContaining(['requestPayment', 'getPhoneNumber', 'getEmailAddress', 'chooseAvatar', 'authorize', 'getUserProfile']));
  for (const api of SHEETS) {
    const probe = new Probe();
    const recipe = recipeOf(api);
    // A built-in sheet without a recipe fails here: host.handle refuses it.
    expect(() => makePair((h) => recipe.setup?.(h, probe), { host: recipe.options?.(probe) ?? {} })).not.toThrow();
  }
});

describe.each(SHEETS)('the sheet of %s', (api) => {
  test('waits while another sheet of the same mini program is on screen, then shows', async () => {
    const { probe, blocker, call, block, bridge } = stage(api);
    const blocking = block();
    const first = await blocker.until(1);
    const pending = call(0);
    // A later call's answer is a round trip over the channel: by then the host has taken the sheet
    // call and run every step it takes without waiting for a sheet (the stores are in memory).
    await bridge.wx.getSetting();
    expect(probe.shown).toHaveLength(0);
    first.close();
    await blocking;
    (await probe.until(1)).close();
    await pending;
    expect(probe.shown).toHaveLength(1);
  });

  test('at most promptsPerMinute sheets a minute: the next fails with errno 1003 and shows nothing', async () => {
    const { probe, call } = stage(api, { promptsPerMinute: 2 });
    for (let n = 0; n < 2; n++) {
      const pending = call(n);
      (await probe.until(n + 1)).close();
      await pending;
    }
    const refused = await call(2);
    expect(refused).toMatchObject({ errMsg: `${api}:fail too many prompts, try again later`, errno: 1003 });
    expect(probe.shown).toHaveLength(2);
  });

  test('is told to close when the mini program leaves', async () => {
    const { probe, call, bridge } = stage(api);
    void call(0);
    const shown = await probe.until(1);
    expect(shown.signal.aborted).toBe(false);
    const aborted = new Promise<void>((resolve) => shown.signal.addEventListener('abort', () => resolve(), { once: true }));
    bridge.dispose();
    await aborted;
    expect(shown.signal.aborted).toBe(true);
  });
});
