import { hasOwn, jsonDataProblem } from '../src';

describe('jsonDataProblem', () => {
  test('accepts JSON data, with undefined as absent', () => {
    expect(jsonDataProblem({ a: [1, 'x', true, null, { b: undefined }], c: Object.create(null) }, 8)).toBeUndefined();
  });

  test.each([
    ['a class instance', { error: new Error('secret stack') }, 'only plain objects are allowed'],
    ['a function', { f: () => 1 }, 'function values are not allowed'],
    ['a non-finite number', [Infinity], 'numbers must be finite'],
    ['nesting past the limit', { a: { b: { c: {} } } }, 'nesting too deep'],
  ])('says why %s is not JSON data', (_what, value, problem) => {
    expect(jsonDataProblem(value, 3)).toBe(problem);
  });

  test('stops at a cycle (by depth) and lets keys a guest may not send through (results are not guest input)', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(jsonDataProblem(cycle, 16)).toBe('nesting too deep');
    expect(jsonDataProblem(JSON.parse('{"__proto__": {"constructor": 1}}'), 4)).toBeUndefined();
  });
});

test('hasOwn reads own names only, on objects that shadow or lack hasOwnProperty', () => {
  expect(hasOwn.call({ hasOwnProperty: () => true }, 'x')).toBe(false);
  expect(hasOwn.call(Object.assign(Object.create(null), { x: 1 }), 'x')).toBe(true);
  expect(hasOwn.call({}, 'toString')).toBe(false);
});
