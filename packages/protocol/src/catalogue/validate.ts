/**
 * Parameter validation against the catalogue, with the platform's messages:
 * `parameter.<name> should be <Type> instead of <Type>;`, one clause per
 * problem, joined into `<api>:fail parameter error: …` by the caller.
 */
import { hasOwn } from '../objects';
import type { ApiEntry } from './entry';
import { typeWord, type FieldsSpec, type ValueSpec } from './spec';

const MAX_SHOWN = 32;

function show(value: unknown): string {
  const text = String(value);
  return text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN) + '…' : text;
}

function expectedWord(spec: ValueSpec): string {
  return spec.type === 'any' ? 'Any' : spec.type.charAt(0).toUpperCase() + spec.type.slice(1);
}

function checkValue(spec: ValueSpec, value: unknown, path: string, problems: string[]): void {
  if (spec.type === 'any') return;
  const actual = typeWord(value);
  if (actual !== expectedWord(spec)) {
    problems.push(`${path} should be ${expectedWord(spec)} instead of ${actual};`);
    return;
  }
  if ((spec.type === 'string' || spec.type === 'number') && spec.enum) {
    if (!(spec.enum as readonly unknown[]).includes(value)) {
      problems.push(`${path} should be one of ${spec.enum.join(', ')} instead of ${show(value)};`);
    }
  } else if (spec.type === 'array') {
    (value as unknown[]).forEach((item, i) => checkValue(spec.items, item, `${path}[${i}]`, problems));
  } else if (spec.type === 'object') {
    checkFields(spec.fields, value as Record<string, unknown>, path + '.', problems);
    if (spec.values) {
      for (const key of Object.keys(value as object)) {
        if (!spec.fields || !hasOwn.call(spec.fields, key)) {
          checkValue(spec.values, (value as Record<string, unknown>)[key], path + '.' + key, problems);
        }
      }
    }
  }
}

function checkFields(
  fields: FieldsSpec | undefined,
  object: Record<string, unknown>,
  prefix: string,
  problems: string[],
): void {
  if (!fields) return;
  for (const name in fields) {
    const spec = fields[name]!;
    const present = hasOwn.call(object, name) && object[name] !== undefined;
    if (present) checkValue(spec, object[name], prefix + name, problems);
    else if (spec.required) problems.push(`${prefix}${name} should be ${expectedWord(spec)} instead of Undefined;`);
  }
}

/**
 * Checks `params` (already a plain object) against the entry's parameters.
 * Returns `undefined` when they are valid, else the detail after `parameter error: `.
 * Undeclared parameters are passed through unchecked, as the platform does.
 */
export function validateParams(entry: ApiEntry, params: Record<string, unknown>): string | undefined {
  if (!entry.params) return undefined;
  const problems: string[] = [];
  checkFields(entry.params, params, 'parameter.', problems);
  return problems.length ? problems.join('') : undefined;
}
