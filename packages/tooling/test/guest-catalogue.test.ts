/**
 * The guest carries a compact table generated from the catalogue (packages/guest/src/catalogue-table.ts,
 * by packages/tooling/gen-guest-catalogue.mjs). It must be current and say the same about every API;
 * `wx.canIUse`, answering from the list the host works out (`canIUseList`, sent in its welcome),
 * must answer exactly as the reference model (test-support/can-i-use.ts) does over the full
 * catalogue. Its own failure texts and codes are the protocol's.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { connectGuest, type GuestSnapshot } from '@wxbridge/guest';
import { canIUseList } from '@wxbridge/host';
import { apiNames, catalogue, ERRNO, lookupApi, REASON, type ApiEntry, type ApiKind, type FieldsSpec, type ValueSpec } from '@wxbridge/protocol';
import { ASYNC, EVENT, OPEN_TYPE, SYNC, apiOf, apis } from '../../guest/src/apis';
import { DISCONNECTED, DISPOSED, ERRNO_INVALID_PARAMETER, ERRNO_TIMEOUT, TAP_REQUIRED, TIMED_OUT } from '../../guest/src/runtime';
import { canIUse } from '../test-support/can-i-use';
import { onCleanup } from '../test-support/pair';

const root = join(__dirname, '..', '..', '..');

test('packages/guest/src/catalogue-table.ts is what the generator writes from the current catalogue', () => {
  const script = join(root, 'packages', 'tooling', 'gen-guest-catalogue.mjs');
  let output: string;
  try {
    output = execFileSync(process.execPath, [script, '--check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${stdout ?? ''}${stderr ?? ''}`.trim() || String(error));
  }
  expect(output).toContain('up to date');
}, 30_000);

test('the guest knows every API, in catalogue order, with its kind, flags, event name and namespace parameter', () => {
  expect([ASYNC, SYNC, EVENT, OPEN_TYPE]).toEqual((['async', 'sync', 'event', 'openType'] satisfies ApiKind[]).map((kind) => kind.charAt(0)));
  expect(Object.keys(apis)).toEqual(apiNames());
  for (const name of apiNames()) {
    const entry: ApiEntry = catalogue[name];
    expect({ name, ...apiOf(name) }).toEqual({
      name,
      kind: entry.kind.charAt(0), // the first letter of its kind, as the guest keeps it
      tap: !!entry.tap,
      interactive: !!entry.interactive,
      grantsTap: !!entry.grantsTap,
      single: !!entry.single,
      resolvable: !!entry.resolvable,
      timeout: !!entry.params && 'timeout' in entry.params,
      event: entry.event,
      namespace: entry.namespace,
    });
  }
  for (const name of ['__proto__', 'constructor', 'toString', 'button', '', 42]) expect(apiOf(name)).toBeUndefined();
});

/** Every schema the catalogue describes, each followed by a name it does not have. */
function schemas(): string[] {
  const out = new Set<string>(['', '.', 'button', 'button.', 'button.open-type', 'button.open-type.', 'button.other', 'invokeNativePlugin.', 'invokeNativePlugin.myApi', 'invokeNativePlugin.myApi.more', 'x'.repeat(257)]);
  const walkFields = (prefix: string, fields: FieldsSpec | undefined) => {
    for (const name of Object.keys(fields ?? {})) walkValue(`${prefix}.${name}`, fields![name]!);
  };
  const walkValue = (path: string, spec: ValueSpec) => {
    out.add(path);
    out.add(path + '.nope');
    if (spec.type === 'object') walkFields(path, spec.fields);
    if (spec.type === 'array') walkValue(path + '.items', spec.items);
    if ((spec.type === 'string' || spec.type === 'number') && spec.enum) for (const value of spec.enum) out.add(`${path}.${value}.deeper`), out.add(`${path}.${value}`);
  };
  for (const name of [...apiNames(), 'unknownApi', '__proto__', 'constructor', 'hasOwnProperty']) {
    const entry = lookupApi(name) as ApiEntry | undefined;
    out.add(name);
    out.add(`button.open-type.${name}`);
    out.add(`button.open-type.${name}.x`);
    for (const method of ['object', 'success', 'return', 'callback', 'fail', '__proto__', '']) {
      out.add(`${name}.${method}`);
      out.add(`${name}.${method}.__proto__`);
      out.add(`${name}.${method}.toString`);
    }
    if (!entry) continue;
    walkFields(`${name}.object`, entry.params);
    walkFields(`${name}.success`, entry.success);
    walkFields(`${name}.callback`, entry.success);
    if (entry.returns) walkValue(`${name}.return`, entry.returns);
  }
  return [...out];
}

/** The guest's `wx.canIUse`, before any welcome, answering from `snapshot` (as it does from a welcome). */
function guestCanIUse(snapshot?: GuestSnapshot): (schema: unknown) => boolean {
  const transport = { send: () => {}, listen: () => () => {} };
  const bridge = connectGuest({ transport, tapTarget: null, snapshot });
  onCleanup(() => bridge.dispose());
  return (schema) => bridge.wx.canIUse(schema as string);
}

test.each([
  ['offers everything', () => true],
  ['offers nothing', () => false],
  ['offers every other API', (api: string) => api.length % 2 === 0],
])('canIUse, from the list the host sends, answers every schema as the protocol does when the host %s', (_label, offered) => {
  const supported = (api: string) => lookupApi(api)?.kind === 'sync' || offered(api);
  const all = schemas();
  expect(all.length).toBeGreaterThan(500);
  // What the host offers: every name the reference model could ask about that it says yes to.
  const capabilities = all.filter((name) => name.split('.').length <= 2 && supported(name));
  const canIUseOf = guestCanIUse({ account: { miniProgram: { appId: 'wx1', envVersion: 'release', version: '' } }, canIUse: canIUseList(capabilities) });
  const differ = all.filter((schema) => canIUseOf(schema) !== canIUse(schema, supported));
  expect(differ).toEqual([]);
  for (const odd of [undefined, null, 42, {}, ['login'], Symbol('login')]) expect(canIUseOf(odd)).toBe(canIUse(odd, supported));
});

test('without a list or capabilities (no welcome yet, or a snapshot of account and list without the list) the guest knows its sync API names only', () => {
  for (const canIUseOf of [guestCanIUse(), guestCanIUse({ account: { miniProgram: { appId: 'wx1', envVersion: 'release', version: '' } } })]) {
    expect(canIUseOf('getAccountInfoSync')).toBe(true);
    expect(canIUseOf('canIUse')).toBe(true);
    for (const schema of ['login', 'getAccountInfoSync.return.miniProgram', 'button.open-type.getPhoneNumber', 'getPhoneNumber', 'unknownApi', '__proto__', 'toString']) {
      expect(canIUseOf(schema)).toBe(false);
    }
  }
});

test('a welcome with capabilities but no list (a host that does not make it, e.g. a native one) answers as before the list: the API names it offers, never an open-type, nothing below a name', () => {
  const account = { miniProgram: { appId: 'wx1', envVersion: 'release', version: '' } } as const;
  const capabilities = ['getAccountInfoSync', 'canIUse', 'login', 'getPhoneNumber', 'invokeNativePlugin', 'invokeNativePlugin.scanCard'];
  // What the guest reads of such a welcome (the snapshot path answers from a welcome the same way).
  const canIUseOf = guestCanIUse({ account, capabilities } as unknown as GuestSnapshot);
  for (const schema of ['login', 'getAccountInfoSync', 'canIUse', 'invokeNativePlugin', 'invokeNativePlugin.scanCard']) expect(canIUseOf(schema)).toBe(true);
  for (const schema of ['getPhoneNumber', 'button.open-type.getPhoneNumber', 'login.success.code', 'checkSession', 'invokeNativePlugin.other', '__proto__', 'length']) {
    expect(canIUseOf(schema)).toBe(false);
  }
  // capabilities that are not a list are no list: never a substring match.
  expect(guestCanIUse({ account, capabilities: 'login,checkSession' } as unknown as GuestSnapshot)('login')).toBe(false);
  // A list, when the welcome has one, wins over capabilities.
  expect(guestCanIUse({ account, capabilities, canIUse: ['checkSession'] } as unknown as GuestSnapshot)('login')).toBe(false);
});

test('a schema is usable only when it is an element of the list: never a part of one, nor a prototype name', () => {
  const account = { miniProgram: { appId: 'wx1', envVersion: 'release', version: '' } } as const;
  const canIUseOf = guestCanIUse({ account, canIUse: ['login', 'login.success.code', '__proto__'] });
  expect(canIUseOf('login.success.code')).toBe(true);
  expect(canIUseOf('__proto__')).toBe(true); // a name like any other when the host lists it
  for (const schema of ['login.success', 'success.code', 'login,login.success.code', 'constructor', 'length', 'includes', 0]) {
    expect(canIUseOf(schema)).toBe(false);
  }
  const hostile = { toString: () => { throw new Error('toString'); } };
  expect(canIUseOf(hostile)).toBe(false);
});

test("the guest's own failures carry the protocol's texts and codes", () => {
  expect([DISCONNECTED, DISPOSED, TIMED_OUT, TAP_REQUIRED]).toEqual([REASON.disconnected, REASON.disposed, REASON.timeout, REASON.tapRequired]);
  expect([ERRNO_TIMEOUT, ERRNO_INVALID_PARAMETER]).toEqual([ERRNO.timeout, ERRNO.invalidParameter]);
});
