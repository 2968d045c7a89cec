/**
 * The guest carries a compact table generated from the catalogue (packages/guest/src/catalogue-table.ts,
 * by packages/tooling/gen-guest-catalogue.mjs). It must be current, say the same about every API,
 * and answer `canIUse` exactly as the reference model (test-support/can-i-use.ts) does over the
 * full catalogue. Its own failure texts and codes are the protocol's.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { apiNames, catalogue, ERRNO, lookupApi, REASON, schemaTree, type ApiEntry, type FieldsSpec, type ValueSpec } from '@wxbridge/protocol';
import { apiOf, apis, canIUse as guestCanIUse } from '../../guest/src/apis';
import { DISCONNECTED, DISPOSED, ERRNO_INVALID_PARAMETER, ERRNO_TIMEOUT, TAP_REQUIRED, TIMED_OUT } from '../../guest/src/runtime';
import { canIUse } from '../test-support/can-i-use';

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
  expect(Object.keys(apis)).toEqual(apiNames());
  for (const name of apiNames()) {
    const entry: ApiEntry = catalogue[name];
    expect({ name, ...apiOf(name) }).toEqual({
      name,
      kind: entry.kind,
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

test.each([
  ['offers everything', () => true],
  ['offers nothing', () => false],
  ['offers every other API', (api: string) => api.length % 2 === 0],
])('canIUse, with the schema tree of the welcome, answers every schema as the protocol does when the host %s', (_label, offered) => {
  const supported = (api: string) => lookupApi(api)?.kind === 'sync' || offered(api);
  const all = schemas();
  expect(all.length).toBeGreaterThan(500);
  const differ = all.filter((schema) => guestCanIUse(schema, supported, schemaTree()) !== canIUse(schema, supported));
  expect(differ).toEqual([]);
  for (const odd of [undefined, null, 42, {}, ['login']]) expect(guestCanIUse(odd, supported, schemaTree())).toBe(canIUse(odd, supported));
});

test('without a schema tree (a host that sends none) the guest knows API names only', () => {
  const supported = () => true;
  expect(guestCanIUse('login', supported)).toBe(true);
  expect(guestCanIUse('getAccountInfoSync', supported)).toBe(true);
  expect(guestCanIUse('login.success.code', supported)).toBe(false);
  expect(guestCanIUse('button.open-type.getPhoneNumber', supported)).toBe(false);
  expect(guestCanIUse('getPhoneNumber', supported)).toBe(false); // an open-type, not a wx method
  expect(guestCanIUse('unknownApi', supported)).toBe(false);
});

test('a hostile or malformed tree answers from its own names only, and never reaches a prototype', () => {
  const supported = () => true;
  // `__proto__` as an own name (as JSON.parse makes it) is a name like any other.
  const tree = JSON.parse('{"login": {"__proto__": {"x": {}}, "object": []}}');
  expect(guestCanIUse('login.__proto__', supported, tree)).toBe(true);
  expect(guestCanIUse('login.__proto__.x', supported, tree)).toBe(true);
  // Inherited names are not schemas, in a tree of plain objects or of anything else.
  expect(guestCanIUse('login.constructor', supported, tree)).toBe(false);
  expect(guestCanIUse('login.hasOwnProperty', supported, { login: {} })).toBe(false);
  expect(guestCanIUse('login.toString', supported, { login: {} })).toBe(false);
  // Every node of the tree is a plain object: a name whose value is anything else is not known.
  expect(guestCanIUse('login.object', supported, tree)).toBe(false);
  expect(guestCanIUse('login.object.length', supported, tree)).toBe(false);
  expect(guestCanIUse('login.success', supported, 'login(success)')).toBe(false);
  for (const value of [1, 0, true, 'x', null, []]) {
    expect(guestCanIUse('login.success', supported, { login: { success: value } })).toBe(false);
  }
  expect(guestCanIUse('login.success', supported, { login: { success: {} } })).toBe(true);
  // A tree that throws when read (a same-realm host could send a Proxy or a getter) knows nothing.
  const throwing = new Proxy({}, { getPrototypeOf: () => { throw new Error('trap'); } });
  expect(guestCanIUse('login.success', supported, throwing)).toBe(false);
  expect(guestCanIUse('login.success', supported, { login: throwing })).toBe(false);
  const getter = { login: { get success() { throw new Error('getter'); } } };
  expect(guestCanIUse('login.success', supported, getter)).toBe(false);
  expect(guestCanIUse('login', supported, throwing)).toBe(true); // API names need no tree
  expect(Object.prototype).not.toHaveProperty('x');
});

test("the guest's own failures carry the protocol's texts and codes", () => {
  expect([DISCONNECTED, DISPOSED, TIMED_OUT, TAP_REQUIRED]).toEqual([REASON.disconnected, REASON.disposed, REASON.timeout, REASON.tapRequired]);
  expect([ERRNO_TIMEOUT, ERRNO_INVALID_PARAMETER]).toEqual([ERRNO.timeout, ERRNO.invalidParameter]);
});
