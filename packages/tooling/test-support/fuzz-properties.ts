/**
 * The fuzz properties, shared by the fixed-seed runs inside `npm test` and the long run of
 * `npm run fuzz` (packages/tooling/fuzz.mjs). Each runner returns counts instead of throwing, so
 * both can report them:
 *
 * - crashes: an exception out of the codec or out of a transport's listener, an uncaught
 *   exception or an unhandled rejection while fuzzing;
 * - pollutions: a built-in prototype that changed;
 * - hangs: a request the host accepted that got no answer in time;
 * - violations: any other broken promise: a reply count that is not exactly one (or zero for a
 *   replay), a handler that ran with invalid parameters or another app's identity, a stack
 *   trace or host internals in what the guest received, an envelope the guest cannot decode,
 *   a forged reply the guest believed.
 */
import fc from 'fast-check';
import { connectGuest } from '@wxbridge/guest';
import { MemoryStore, createHost, wxFail, type BiometricDevice, type CallContext, type Host } from '@wxbridge/host';
import {
  DEFAULT_LIMITS,
  WIRE_MARKER,
  apiNames,
  decodeEnvelope,
  isPlainObject,
  jsonDataProblem,
  lookupApi,
  validateParams,
  type ApiEntry,
  type Envelope,
  type HostApiName,
  type Limits,
  type Transport,
} from '@wxbridge/protocol';
import { welcomeFor } from './envelopes';
import { CUSTOM_API, HOSTILE_KEYS, anyValue, id as anyId, jsonish, message } from './fuzz-arbitraries';

export interface FuzzOptions {
  /** Property runs (codec: values; dispatcher: message sequences; guest: sequences). */
  runs: number;
  seed: number;
}

export interface FuzzReport {
  /** Envelopes (or values) generated and fed in. */
  cases: number;
  crashes: number;
  pollutions: number;
  hangs: number;
  violations: number;
  /** The first few problems, with fast-check's seed and path to replay them. */
  problems: string[];
}

export function emptyReport(): FuzzReport {
  return { cases: 0, crashes: 0, pollutions: 0, hangs: 0, violations: 0, problems: [] };
}

export function addReports(a: FuzzReport, b: FuzzReport): FuzzReport {
  return {
    cases: a.cases + b.cases,
    crashes: a.crashes + b.crashes,
    pollutions: a.pollutions + b.pollutions,
    hangs: a.hangs + b.hangs,
    violations: a.violations + b.violations,
    problems: [...a.problems, ...b.problems].slice(0, 10),
  };
}

type Problem = 'crashes' | 'pollutions' | 'hangs' | 'violations';

class Tally {
  readonly report = emptyReport();
  note(kind: Problem, detail: string): void {
    this.report[kind]++;
    if (this.report.problems.length < 10) this.report.problems.push(`${kind}: ${detail}`.slice(0, 500));
  }
}

// ---------------------------------------------------------------------------------------------
// Pollution: the built-in prototypes, as they were before fuzzing.

const PROTOTYPES: Record<string, object> = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
  String: String.prototype,
  Number: Number.prototype,
  Boolean: Boolean.prototype,
  Promise: Promise.prototype,
  Error: Error.prototype,
};

/** Remembers every own property of the built-in prototypes; `changed()` names what differs now. */
export function prototypeSnapshot(): { changed(): string | undefined } {
  const before = Object.entries(PROTOTYPES).map(([name, proto]) => {
    const values = new Map(Reflect.ownKeys(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)!]));
    return { name, proto, values, prototypeOf: Object.getPrototypeOf(proto) };
  });
  return {
    changed() {
      for (const { name, proto, values, prototypeOf } of before) {
        if (Object.getPrototypeOf(proto) !== prototypeOf) return `${name}.prototype's prototype`;
        const keys = Reflect.ownKeys(proto);
        if (keys.length !== values.size) return `${name}.prototype has ${keys.length - values.size} new keys: ${keys.filter((k) => !values.has(k)).map(String).join(', ')}`;
        for (const k of keys) {
          const was = values.get(k);
          const now = Object.getOwnPropertyDescriptor(proto, k)!;
          if (!was || was.value !== now.value || was.get !== now.get || was.set !== now.set) return `${name}.prototype.${String(k)}`;
        }
      }
      return undefined;
    },
  };
}

/** Catches what escapes to the process while `run` is fuzzing. */
async function watchingProcess<T>(tally: Tally, run: () => Promise<T>): Promise<T> {
  const onError = (error: unknown) => tally.note('crashes', `escaped to the process: ${String((error as Error)?.stack ?? error)}`);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  try {
    return await run();
  } finally {
    // Rejections are reported a tick after they happen: give the last ones a chance.
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  }
}

function hasHostileKey(value: unknown, depth = 0): boolean {
  if (depth > 64 || typeof value !== 'object' || value === null) return false;
  for (const k of Object.keys(value)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') return true;
    if (hasHostileKey((value as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

function describe(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value.slice(0, 200)) : (JSON.stringify(value) ?? String(value)).slice(0, 200);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return '(unprintable)';
    }
  }
}

function failureText<T>(details: fc.RunDetails<T>): string {
  let example: string;
  try {
    example = fc.stringify(details.counterexample);
  } catch {
    example = '(unprintable)';
  }
  return `seed ${details.seed}, path ${details.counterexamplePath}: ${details.errorInstance ? String(details.errorInstance) : ''} ${example}`;
}

// ---------------------------------------------------------------------------------------------
// The codec.

const SMALL_LIMITS: Limits = { maxMessageBytes: 4096, maxDepth: 8, maxInFlight: 3 };
const KINDS = new Set(['hello', 'welcome', 'request', 'response', 'cancel', 'event', 'bye']);

/** Why an envelope the codec accepted breaks its contract, if it does. */
function acceptedProblem(envelope: Envelope, raw: unknown, deep: boolean, limits: Limits): string | undefined {
  const e = envelope as unknown as Record<string, unknown>;
  if (!isPlainObject(e) || e.wxbridge !== WIRE_MARKER || !KINDS.has(e.kind as string)) return 'accepted without marker or kind';
  if (typeof raw === 'string' && raw.length > limits.maxMessageBytes) return 'accepted text over maxMessageBytes';
  const positive = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
  if ((e.kind === 'request' || e.kind === 'response' || e.kind === 'cancel') && !positive(e.id)) return 'accepted a bad id';
  if (e.kind === 'request' && (typeof e.api !== 'string' || e.api.length === 0 || e.api.length > 128 || !isPlainObject(e.params))) return 'accepted a bad request';
  if (e.kind === 'hello' && (typeof e.session !== 'string' || e.session.length === 0)) return 'accepted a bad hello';
  if (!deep) return undefined;
  const problem = jsonDataProblem(e, limits.maxDepth + 1);
  if (problem) return `deep mode accepted non-JSON data: ${problem}`;
  if (hasHostileKey(e)) return 'deep mode accepted a __proto__/constructor/prototype key';
  // What was accepted decodes the same from its JSON text.
  const again = decodeEnvelope(JSON.stringify(e), { limits: { ...limits, maxMessageBytes: Number.MAX_SAFE_INTEGER }, deep: true });
  if (!again.ok) return `its JSON text is refused: ${again.error}`;
  if (JSON.stringify(again.envelope) !== JSON.stringify(e)) return 'its JSON text decodes to something else';
  return undefined;
}

/** `decodeEnvelope` on anything: never throws, accepts only what it promises, pollutes nothing. */
export async function fuzzCodec(options: FuzzOptions): Promise<FuzzReport> {
  const tally = new Tally();
  const snapshot = prototypeSnapshot();
  const input = fc.tuple(fc.oneof(anyValue, message), fc.boolean(), fc.boolean());
  const property = fc.property(input, ([raw, deep, small]) => {
    tally.report.cases++;
    const limits = small ? SMALL_LIMITS : DEFAULT_LIMITS;
    let result: ReturnType<typeof decodeEnvelope>;
    try {
      result = decodeEnvelope(raw, { limits, deep });
    } catch (error) {
      tally.note('crashes', `decodeEnvelope threw ${String(error)} on ${describe(raw)}`);
      return false;
    }
    const polluted = snapshot.changed();
    if (polluted) {
      tally.note('pollutions', `${polluted} after ${describe(raw)}`);
      return false;
    }
    const problem = result.ok
      ? acceptedProblem(result.envelope, raw, deep, limits)
      : typeof result.error !== 'string' || result.error.length === 0
        ? 'refused without a reason'
        : result.id !== undefined && !(Number.isSafeInteger(result.id) && result.id > 0)
          ? 'refused with a bad id'
          : undefined;
    if (problem) {
      tally.note('violations', `${problem}: ${describe(raw)}`);
      return false;
    }
    return true;
  });
  await watchingProcess(tally, async () => {
    const details = fc.check(property, { numRuns: options.runs, seed: options.seed, endOnFailure: true });
    if (details.failed && tally.report.problems.length === 0) tally.note('violations', failureText(details));
  });
  return tally.report;
}

// ---------------------------------------------------------------------------------------------
// The dispatcher: one host, one connection per case, a hostile guest behind a test transport.

/** A transport the test drives by hand: what the host sends is kept as JSON text, as a string bridge would carry it. */
class HandTransport implements Transport {
  readonly sent: string[] = [];
  readonly unsendable: string[] = [];
  private receiver: ((data: unknown) => void) | undefined;
  send(envelope: Envelope): void {
    // A structured-clone channel would carry a class instance (an Error and its stack) as is.
    const problem = jsonDataProblem(envelope, 64);
    if (problem) this.unsendable.push(`${problem}: ${describe(envelope)}`);
    try {
      this.sent.push(JSON.stringify(envelope));
    } catch (error) {
      this.unsendable.push(String(error));
      throw error;
    }
  }
  listen(receive: (data: unknown) => void): () => void {
    this.receiver = receive;
    return () => (this.receiver = undefined);
  }
  /** Delivers one message; returns what the listener threw, if anything. */
  deliver(data: unknown): unknown {
    try {
      this.receiver?.(data);
      return undefined;
    } catch (error) {
      return error ?? new Error('threw undefined');
    }
  }
}

const BEHAVIOURS = ['ok', 'nothing', 'throw', 'reject', 'wxFail', 'errorInResult', 'dateInResult', 'functionInResult', 'string', 'cycle', 'thenableTwice', 'later'] as const;
type Behaviour = (typeof BEHAVIOURS)[number];

const APP = { appId: 'wx-fuzz-app', envVersion: 'release' as const, version: '1.0.0' };
const TEMPLATES = [
  { id: 'tmpl-a', title: 'Order shipped', kind: 'one-time' as const },
  { id: 'tmpl-b', title: 'Order paid', kind: 'one-time' as const },
  { id: 'tmpl-c', title: 'News', kind: 'long-term' as const },
];

const device: BiometricDevice = {
  supportedModes: () => ['fingerPrint', 'facial'],
  enrolledModes: () => ['fingerPrint'],
  authenticate: () => ({ ok: true, resultJSON: '{"raw":"fuzz"}', resultJSONSignature: 'c2ln' }),
};

const later = () => new Promise<void>((resolve) => setImmediate(resolve));

interface CaseSetup {
  preset: number;
  behaviours: Behaviour[];
  answers: boolean[];
  concurrent: boolean;
  messages: unknown[];
}

/** The host of one case: every option that adds rules on, handlers on every API that takes one. */
function fuzzHost(setup: CaseSetup, secret: string, onHandler: (api: string, params: unknown, ctx: CallContext) => void): Host {
  let answer = 0;
  let behaviour = 0;
  const nextAnswer = () => setup.answers[answer++ % setup.answers.length]!;
  const v2 = setup.preset % 2 === 1;
  const host = createHost({
    name: 'fuzz-host',
    limits: setup.preset % 3 === 0 ? DEFAULT_LIMITS : SMALL_LIMITS,
    store: new MemoryStore(),
    user: () => (['alice', 'bob', undefined] as const)[setup.preset % 3],
    prompts: {
      authorize: () => nextAnswer(),
      settings: ({ authSetting }) => Object.fromEntries(Object.keys(authSetting).map((scope) => [scope, nextAnswer()])),
      userProfile: () => nextAnswer(),
      privacy: () => nextAnswer(),
      subscribe: ({ templates }) => ({ choices: Object.fromEntries(templates.map((t) => [t.id, nextAnswer() ? 'accept' : 'reject'])), keep: nextAnswer() }),
    },
    privacy: setup.preset % 4 < 2 ? { contractName: 'Fuzz Guide', trustMiniProgramPrompt: false } : undefined,
    userInfo: { mode: setup.preset % 5 === 0 ? 'anonymous' : 'seeds' },
    apiVersion: v2 ? { login: 'v2', checkSession: 'v2' } : undefined,
    biometrics: device,
    subscriptions: { templates: () => TEMPLATES },
    promptsPerMinute: 1000,
    // The model below knows the connection's per-message rules, not the byte budget's cut-off
    // (tested on its own in host/test/core/costly-messages.test.ts): keep it out of reach.
    maxBytesPerSecond: Number.MAX_SAFE_INTEGER,
  });
  const respond = (): unknown => {
    const chosen = setup.behaviours[behaviour++ % setup.behaviours.length]!;
    switch (chosen) {
      case 'ok':
        return { code: 'fuzz-code', value: 1, nested: { list: [1, 'two'] } };
      case 'nothing':
        return undefined;
      case 'throw':
        throw new Error(secret);
      case 'reject':
        return Promise.reject(new Error(secret));
      case 'wxFail':
        return wxFail('fuzz refused', { errno: 103, data: { hint: 'ok to send' } });
      case 'errorInResult':
        return { detail: new Error(secret) };
      case 'dateInResult':
        return { when: new Date(0), secret };
      case 'functionInResult':
        return { run: () => secret };
      case 'string':
        return secret;
      case 'cycle': {
        const cycle: Record<string, unknown> = { secret };
        cycle.self = cycle;
        return cycle;
      }
      case 'thenableTwice':
        return {
          then(resolve: (v: unknown) => void, reject: (e: unknown) => void) {
            resolve({ first: true });
            reject(new Error(secret));
            resolve({ second: true });
          },
        };
      case 'later':
        return later().then(() => ({ late: true }));
    }
  };
  for (const api of apiNames()) {
    const entry = lookupApi(api)!;
    if (entry.kind !== 'async' && entry.kind !== 'openType') continue;
    if (v2 && (api === 'login' || api === 'checkSession')) continue;
    try {
      host.handle(api as HostApiName, ((params: unknown, ctx: CallContext) => {
        onHandler(api, params, ctx);
        return respond();
      }) as never);
    } catch {
      // Built into the host (configured through options above).
    }
  }
  host.registerApi(CUSTOM_API.name, {
    params: CUSTOM_API.params,
    handler: (data, ctx) => {
      onHandler(`invokeNativePlugin.${CUSTOM_API.name}`, data, ctx);
      return respond() as never;
    },
  });
  return host;
}

/** How many answers each request id may get, from the connection's rules (sections 6, 7, 11, 12 of the protocol). */
function expectedReplies(messages: unknown[], limits: Limits, concurrent: boolean) {
  const min = new Map<number, number>();
  const max = new Map<number, number>();
  const apis = new Map<number, Set<string>>();
  const add = (id: number, api: string, sure: boolean) => {
    if (sure) min.set(id, (min.get(id) ?? 0) + 1);
    max.set(id, (max.get(id) ?? 0) + 1);
    if (!apis.has(id)) apis.set(id, new Set());
    apis.get(id)!.add(api);
  };
  let session: string | undefined;
  let lastId = 0;
  let running: Array<[number, string]> = [];
  let welcomes = 0;
  const accept = (id: number) => (id > lastId ? ((lastId = id), true) : false);
  const endSession = () => {
    // Calls of an ended session get no answer if they were still running; in sequential mode they were not.
    for (const [id, api] of running) add(id, api, !concurrent);
    running = [];
    session = undefined;
    lastId = 0;
  };
  for (const raw of messages) {
    const decoded = decodeEnvelope(raw, { limits, deep: true });
    if (!decoded.ok) {
      if (!decoded.foreign && decoded.id !== undefined && (session === undefined || accept(decoded.id))) add(decoded.id, decoded.api ?? 'invoke', true);
      continue;
    }
    const envelope = decoded.envelope;
    if (envelope.kind === 'hello') {
      if (envelope.session !== session) {
        if (session !== undefined) endSession();
        session = envelope.session;
        lastId = 0;
      }
      welcomes++;
    } else if (envelope.kind === 'request') {
      if (session === undefined) add(envelope.id, envelope.api, true);
      else if (accept(envelope.id)) running.push([envelope.id, envelope.api]);
    } else if (envelope.kind === 'bye') {
      endSession();
    }
  }
  for (const [id, api] of running) add(id, api, true);
  return { min, max, apis, welcomes };
}

const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

/**
 * The dispatcher: sequences of hostile messages on a fresh connection. In sequential cases the
 * host finishes each message's work before the next arrives, so every reply count is exact; in
 * concurrent cases the whole sequence arrives at once (cancels, in-flight refusals and session
 * ends then race the calls).
 */
export async function fuzzDispatch(options: FuzzOptions): Promise<FuzzReport> {
  const tally = new Tally();
  const snapshot = prototypeSnapshot();
  const setup = fc.record({
    preset: fc.nat(59),
    behaviours: fc.array(fc.constantFrom(...BEHAVIOURS), { minLength: 1, maxLength: 6 }),
    answers: fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
    concurrent: fc.boolean(),
    messages: fc
      .tuple(fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), fc.array(message, { minLength: 1, maxLength: 20 }))
      .map(([hello, rest]) => (hello ? [{ wxbridge: 1, kind: 'hello', protocol: 1, sdk: 'fuzz', session: 'page-1' }, ...rest] : rest)),
  });

  const property = fc.asyncProperty(setup, async (c) => {
    const before = { ...tally.report };
    const secret = `wxbridge-secret-${Math.random().toString(36).slice(2)}`;
    const transport = new HandTransport();
    const host = fuzzHost(c, secret, (api, params, ctx) => {
      const entry: ApiEntry = api.startsWith('invokeNativePlugin.') ? { kind: 'async', since: 1, doc: '', params: CUSTOM_API.params } : lookupApi(api)!;
      const invalid = validateParams(entry, params as Record<string, unknown>);
      if (invalid) tally.note('violations', `${api} handler ran with invalid params: ${invalid}`);
      if (entry.tap && !ctx.tap) tally.note('violations', `${api} handler ran without a tap`);
      if (hasHostileKey(params)) tally.note('violations', `${api} handler got a prototype key`);
      if (ctx.app.appId !== APP.appId) tally.note('violations', `${api} handler ran as ${ctx.app.appId}`);
    });
    const hostErrors: unknown[] = [];
    host.on('error', (info) => hostErrors.push(info));
    const connection = host.connect(transport, APP);
    const limits = host.limits;
    const deliver = (raw: unknown) => {
      tally.report.cases++;
      const thrown = transport.deliver(raw);
      if (thrown !== undefined) tally.note('crashes', `the transport listener threw ${String(thrown)} on ${describe(raw)}`);
    };
    const quiet = async (expectMin?: Map<number, number>) => {
      const deadline = Date.now() + 1000;
      for (;;) {
        await later();
        const answered = () => {
          if (!expectMin) return true;
          const counts = replyCounts(transport.sent);
          return [...expectMin].every(([id, n]) => (counts.get(id) ?? 0) >= n);
        };
        if (connection.runningCount === 0 && answered()) return true;
        if (Date.now() > deadline) return false;
      }
    };

    try {
      if (c.concurrent) {
        for (const raw of c.messages) deliver(raw);
      } else {
        for (const raw of c.messages) {
          deliver(raw);
          if (!(await quiet())) break;
        }
      }
      const expected = expectedReplies(c.messages, limits, c.concurrent);
      if (!(await quiet(expected.min))) {
        tally.note('hangs', `${connection.runningCount} calls still running, replies ${describe([...replyCounts(transport.sent)])}, expected at least ${describe([...expected.min])}: ${describe(c.messages)}`);
      }
      checkSent(tally, transport, expected, secret, c.messages);
    } finally {
      connection.dispose();
    }
    const polluted = snapshot.changed();
    if (polluted) tally.note('pollutions', `${polluted} after ${describe(c.messages)}`);
    return ['crashes', 'pollutions', 'hangs', 'violations'].every((k) => tally.report[k as Problem] === before[k as Problem]);
  });

  await watchingProcess(tally, async () => {
    const details = await fc.check(property, { numRuns: options.runs, seed: options.seed, endOnFailure: true });
    if (details.failed && tally.report.problems.length === 0) tally.note('violations', failureText(details));
  });
  return tally.report;
}

function replyCounts(sent: string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const text of sent) {
    const envelope = JSON.parse(text) as Envelope;
    if (envelope.kind === 'response') counts.set(envelope.id, (counts.get(envelope.id) ?? 0) + 1);
  }
  return counts;
}

/** Everything the host sent: decodable, answered as often as the rules say, nothing internal inside. */
function checkSent(tally: Tally, transport: HandTransport, expected: ReturnType<typeof expectedReplies>, secret: string, messages: unknown[]): void {
  if (transport.unsendable.length) tally.note('violations', `the host sent something that is not JSON: ${transport.unsendable[0]}`);
  let welcomes = 0;
  for (const text of transport.sent) {
    if (text.includes(secret) || STACK_FRAME.test(text) || text.includes('node_modules')) {
      tally.note('violations', `internals reached the guest: ${text.slice(0, 300)}`);
    }
    const decoded = decodeEnvelope(text);
    if (!decoded.ok) {
      tally.note('violations', `the guest cannot decode ${text.slice(0, 200)}: ${decoded.error}`);
      continue;
    }
    const envelope = decoded.envelope;
    if (envelope.kind === 'welcome') welcomes++;
    if (envelope.kind !== 'response') continue;
    const apis = expected.apis.get(envelope.id) ?? new Set<string>();
    const { errMsg } = envelope.result;
    const api = [...apis].find((name) => errMsg.startsWith(name + ':'));
    if (api === undefined) tally.note('violations', `response ${envelope.id} "${errMsg.slice(0, 100)}" names no API it was asked (${[...apis].join(', ')})`);
    else if (envelope.ok !== (errMsg === api + ':ok') || !/^(ok|fail( [\s\S]*)?)$/.test(errMsg.slice(api.length + 1))) {
      tally.note('violations', `response ${envelope.id}: ok ${envelope.ok} with "${errMsg.slice(0, 100)}"`);
    }
  }
  const counts = replyCounts(transport.sent);
  for (const id of new Set([...counts.keys(), ...expected.max.keys()])) {
    const got = counts.get(id) ?? 0;
    const least = expected.min.get(id) ?? 0;
    const most = expected.max.get(id) ?? 0;
    if (got < least || got > most) tally.note('violations', `request id ${id} got ${got} replies, expected ${least}..${most}: ${describe(messages)}`);
  }
  if (welcomes !== expected.welcomes) tally.note('violations', `${welcomes} welcomes for ${expected.welcomes} hellos`);
}

// ---------------------------------------------------------------------------------------------
// The guest: forged and duplicated replies.

/**
 * A guest with calls waiting, fed hostile messages (responses with guessed and repeated ids
 * among them): a call settles only with a reply to its own id, exactly once; nothing throws.
 */
export async function fuzzGuest(options: FuzzOptions): Promise<FuzzReport> {
  const tally = new Tally();
  const snapshot = prototypeSnapshot();
  const forged = fc.record({ wxbridge: fc.constant(1), kind: fc.constant('response'), id: anyId, ok: fc.boolean(), result: fc.oneof(fc.record({ errMsg: fc.string() }), jsonish) });
  const input = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.array(fc.oneof(forged, message, anyValue), { minLength: 1, maxLength: 20 }));
  const property = fc.asyncProperty(input, async ([callCount, messages]) => {
    const before = { ...tally.report };
    const sent: Envelope[] = [];
    let receive: ((data: unknown) => void) | undefined;
    const transport: Transport = { send: (e) => void sent.push(e), listen: (r) => ((receive = r), () => (receive = undefined)) };
    const bridge = connectGuest({ transport, tapTarget: null, timeout: 0, onError: () => {} });
    const hello = sent.find((e) => e.kind === 'hello') as Extract<Envelope, { kind: 'hello' }>;
    receive!(welcomeFor(hello.session, { account: { miniProgram: { appId: APP.appId, envVersion: 'release', version: '1' } }, capabilities: ['getSetting'] }));
    const settled = new Map<number, number>();
    for (let n = 0; n < callCount; n++) {
      const settle = () => settled.set(n, (settled.get(n) ?? 0) + 1);
      bridge.wx.getSetting().then(settle, settle);
    }
    await Promise.resolve();
    const requests = sent.filter((e): e is Extract<Envelope, { kind: 'request' }> => e.kind === 'request');
    const answered = new Set<number>();
    for (const raw of messages) {
      tally.report.cases++;
      try {
        receive?.(raw);
      } catch (error) {
        tally.note('crashes', `the guest's listener threw ${String(error)} on ${describe(raw)}`);
      }
      const decoded = decodeEnvelope(raw);
      if (decoded.ok && decoded.envelope.kind === 'response') answered.add(decoded.envelope.id);
    }
    await later();
    // The host's goodbye fails every call still waiting; a reply to its id settles it otherwise. A
    // guest reads nothing of a bye but that it came: its reason is not checked (protocol.md, section 4).
    const bye = messages.some((raw) => {
      try {
        const value: unknown = typeof raw === 'string' && raw.length <= DEFAULT_LIMITS.maxMessageBytes ? JSON.parse(raw) : raw;
        const decoded = decodeEnvelope(isPlainObject(value) && value.kind === 'bye' ? { ...value, reason: '' } : value);
        return decoded.ok && decoded.envelope.kind === 'bye';
      } catch {
        return false; // not JSON, or a value that throws when read: read as nothing
      }
    });
    requests.forEach((request, n) => {
      const times = settled.get(n) ?? 0;
      const should = bye || answered.has(request.id) ? 1 : 0;
      if (times !== should) tally.note('violations', `call ${request.id} settled ${times} times after ${describe(messages)}`);
    });
    bridge.dispose();
    await later();
    if (bridge.pendingCount !== 0) tally.note('violations', `${bridge.pendingCount} calls left after dispose`);
    const polluted = snapshot.changed();
    if (polluted) tally.note('pollutions', `${polluted} after ${describe(messages)}`);
    return ['crashes', 'pollutions', 'hangs', 'violations'].every((k) => tally.report[k as Problem] === before[k as Problem]);
  });
  await watchingProcess(tally, async () => {
    const details = await fc.check(property, { numRuns: options.runs, seed: options.seed, endOnFailure: true });
    if (details.failed && tally.report.problems.length === 0) tally.note('violations', failureText(details));
  });
  return tally.report;
}

export { HOSTILE_KEYS };
