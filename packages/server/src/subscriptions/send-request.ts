/**
 * The checks of a `subscribe/send` body before the store is read, in WeChat's order: the shape of
 * every field (47001), then the template (40037), then the values against the template (47003).
 */
import { failure, type WxFailure } from '../answers';
import { isObject, missingString } from '../params';
import { valueProblem } from './keywords';
import type { ServerTemplate } from './templates';

export const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const;
export type MiniprogramState = (typeof MINIPROGRAM_STATES)[number];
export const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'] as const;
export const MAX_PAGE = 1024;

/** A send that passed every check: what the store part of the send works with. */
export interface SendRequest {
  touser: string;
  template: ServerTemplate;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState: MiniprogramState;
  lang: string;
}

function shapeProblem(body: unknown): WxFailure | undefined {
  const missing = missingString(body, ['touser', 'template_id']);
  if (missing) return missing;
  const fields = body as Record<string, unknown>;
  if (fields.data === undefined) return failure('dataFormat', 'data is missing');
  if (!isObject(fields.data)) return failure('dataFormat', 'data must be an object like {"thing1": {"value": "…"}}');
  for (const name of ['page', 'miniprogram_state', 'lang']) {
    if (fields[name] !== undefined && typeof fields[name] !== 'string') return failure('dataFormat', `${name} must be a string`);
  }
  return undefined;
}

function dataProblem(data: Record<string, unknown>, template: ServerTemplate): WxFailure | undefined {
  for (const keyword of template.keywords) {
    if (!Object.hasOwn(data, keyword)) return failure('argumentInvalid', `data.${keyword} is missing (template ${template.id} has ${template.keywords.join(', ')})`);
  }
  for (const [keyword, entry] of Object.entries(data)) {
    if (!template.keywords.includes(keyword)) {
      return failure('argumentInvalid', `data.${keyword} is not a keyword of template ${template.id} (it has ${template.keywords.join(', ')})`);
    }
    if (!isObject(entry) || typeof entry.value !== 'string') return failure('argumentInvalid', `data.${keyword} must be {"value": "<text>"}`);
    const problem = valueProblem(keyword, entry.value);
    if (problem) return failure('argumentInvalid', `data.${keyword}.value ${problem}`);
  }
  return undefined;
}

function optionsProblem(fields: Record<string, unknown>): WxFailure | undefined {
  const state = fields.miniprogram_state;
  if (state !== undefined && !(MINIPROGRAM_STATES as readonly unknown[]).includes(state)) {
    return failure('argumentInvalid', `miniprogram_state must be one of ${MINIPROGRAM_STATES.join(', ')}`);
  }
  if (fields.lang !== undefined && !(LANGS as readonly unknown[]).includes(fields.lang)) return failure('argumentInvalid', `lang must be one of ${LANGS.join(', ')}`);
  if (typeof fields.page === 'string' && fields.page.length > MAX_PAGE) return failure('argumentInvalid', `page must be at most ${MAX_PAGE} characters`);
  return undefined;
}

/**
 * The send `body` as a `SendRequest` against the app's `templates`, or the failure WeChat would
 * answer: 47001 for a missing or mistyped field, 40037 for a template the app does not have,
 * 47003 for data not matching the template's keywords or a bad `miniprogram_state`, `lang`, `page`.
 */
export function checkSendRequest(body: unknown, templates: readonly ServerTemplate[]): SendRequest | WxFailure {
  const shape = shapeProblem(body);
  if (shape) return shape;
  const fields = body as Record<string, unknown> & { touser: string; template_id: string; data: Record<string, unknown> };
  const template = templates.find((t) => t.id === fields.template_id);
  if (!template) return failure('invalidTemplateId');
  const invalid = dataProblem(fields.data, template) ?? optionsProblem(fields);
  if (invalid) return invalid;
  const data: Record<string, { value: string }> = {};
  for (const keyword of template.keywords) data[keyword] = { value: (fields.data[keyword] as { value: string }).value };
  const request: SendRequest = {
    touser: fields.touser,
    template,
    data,
    miniprogramState: (fields.miniprogram_state as MiniprogramState | undefined) ?? 'formal',
    lang: (fields.lang as string | undefined) ?? 'zh_CN',
  };
  if (typeof fields.page === 'string') request.page = fields.page;
  return request;
}
