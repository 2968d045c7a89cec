/**
 * The server's template registry: each app's subscription message templates, from the server's
 * config, checked once at start-up (`checkTemplates`), listed by `GET /wxaapi/newtmpl/gettemplate`
 * (`templateList`) and looked up by `subscribe/send`.
 */
import { LONE_SURROGATE } from '@wxbridge/store/records';
import { OK } from '../answers';
import { isObject } from '../params';
import { KEYWORD_PATTERN } from './keywords';

export type TemplateKind = 'one-time' | 'long-term';

export interface ServerTemplate {
  /** The template id (`priTmplId`, the `template_id` a send names). */
  id: string;
  title: string;
  kind: TemplateKind;
  /** The keywords a message fills, each a type and a number: `['thing1', 'time2']`. */
  keywords: readonly string[];
  /** As `gettemplate` shows it; default one line per keyword, `thing1:{{thing1.DATA}}`. */
  content?: string;
  /** A filled-in example, as `gettemplate` shows it; default empty. */
  example?: string;
}

/** One entry of `gettemplate`'s `data`, in WeChat's field names. */
export interface TemplateListEntry {
  priTmplId: string;
  title: string;
  content: string;
  example: string;
  /** 2: one-time, 3: long-term (WeChat's numbers). */
  type: 2 | 3;
}

export interface TemplateListAnswer {
  errcode: 0;
  errmsg: 'ok';
  data: TemplateListEntry[];
}

const FIELDS = ['id', 'title', 'kind', 'keywords', 'content', 'example'];
const MAX_ID = 128;

function checkString(value: unknown, path: string, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || LONE_SURROGATE.test(value)) throw new TypeError(`${path} must be ${what}`);
}

function checkKeywords(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((k) => typeof k === 'string' && KEYWORD_PATTERN.test(k))) {
    throw new TypeError(`${path} must be a non-empty array of keyword names like "thing1" (a type, then a number)`);
  }
  const seen = new Set<string>();
  for (const keyword of value as string[]) {
    if (seen.has(keyword)) throw new TypeError(`${path} names "${keyword}" twice`);
    seen.add(keyword);
  }
  return [...seen];
}

function checkTemplate(value: unknown, path: string): ServerTemplate {
  if (!isObject(value)) throw new TypeError(`${path} must be an object {id, title, kind, keywords, content?, example?}`);
  const unknown = Object.keys(value).find((key) => !FIELDS.includes(key));
  if (unknown !== undefined) throw new TypeError(`${path} has an unknown field "${unknown}" (expected ${FIELDS.join(', ')})`);
  checkString(value.id, `${path}.id`, `a non-empty string of at most ${MAX_ID} characters`);
  if (value.id.length > MAX_ID) throw new TypeError(`${path}.id must be a non-empty string of at most ${MAX_ID} characters`);
  checkString(value.title, `${path}.title`, 'a non-empty string (what the user sees)');
  if (value.kind !== 'one-time' && value.kind !== 'long-term') throw new TypeError(`${path}.kind must be "one-time" or "long-term"`);
  const template: ServerTemplate = { id: value.id, title: value.title, kind: value.kind, keywords: Object.freeze(checkKeywords(value.keywords, `${path}.keywords`)) };
  for (const field of ['content', 'example'] as const) {
    if (value[field] === undefined) continue;
    if (typeof value[field] !== 'string') throw new TypeError(`${path}.${field} must be a string`);
    template[field] = value[field];
  }
  return Object.freeze(template);
}

/**
 * `value` as an app's templates (a frozen copy), or a `TypeError` naming the exact field, e.g.
 * `apps[0].templates[1].keywords must be a non-empty array of keyword names like "thing1" …`.
 * `path` names `value` in the config (`apps[0].templates`).
 */
export function checkTemplates(value: unknown, path: string): readonly ServerTemplate[] {
  if (!Array.isArray(value)) throw new TypeError(`${path} must be an array of templates {id, title, kind, keywords}`);
  const templates = value.map((item, i) => checkTemplate(item, `${path}[${i}]`));
  const ids = new Set<string>();
  templates.forEach((template, i) => {
    if (ids.has(template.id)) throw new TypeError(`${path}[${i}].id "${template.id}" is already the id of another template of this app`);
    ids.add(template.id);
  });
  return Object.freeze(templates);
}

/** The content `gettemplate` shows for a template that has none: one line per keyword. */
export function defaultContent(keywords: readonly string[]): string {
  return keywords.map((keyword) => `${keyword}:{{${keyword}.DATA}}\n`).join('');
}

/** The answer of `GET /wxaapi/newtmpl/gettemplate`: the app's templates, in the config's order. */
export function templateList(templates: readonly ServerTemplate[]): TemplateListAnswer {
  return {
    ...OK,
    data: templates.map((t) => ({
      priTmplId: t.id,
      title: t.title,
      content: t.content ?? defaultContent(t.keywords),
      example: t.example ?? '',
      type: t.kind === 'one-time' ? 2 : 3,
    })),
  };
}
