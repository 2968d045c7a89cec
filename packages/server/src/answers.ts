/**
 * What the server answers: JSON with WeChat's `errcode`/`errmsg` numbers, HTTP 200 as WeChat does
 * (413 for an oversize body), a `Request-Id` header on every answer, and under TCMPP's `/openserver/`
 * prefix a `requestId` field too. An error's message is WeChat's, then a hint naming what to fix,
 * then the request id (`…, rid: <id>`, as WeChat appends it), never a stack trace.
 */

/** WeChat's numbers and messages for what this server can answer. */
export const ERRORS = {
  busy: [-1, 'system busy'],
  invalidCredential: [40001, 'invalid credential, access_token is invalid or not latest'],
  invalidGrantType: [40002, 'invalid grant_type'],
  invalidOpenid: [40003, 'invalid openid'],
  invalidAppid: [40013, 'invalid appid'],
  invalidCode: [40029, 'invalid code'],
  invalidTemplateId: [40037, 'invalid template_id'],
  invalidUrl: [40066, 'invalid url'],
  invalidArgs: [40097, 'invalid args'],
  invalidAppsecret: [40125, 'invalid appsecret'],
  codeUsed: [40163, 'code been used'],
  riskyUser: [40226, 'risky user, login blocked'],
  tokenMissing: [41001, 'access_token missing'],
  appidMissing: [41002, 'appid missing'],
  secretMissing: [41004, 'appsecret missing'],
  codeMissing: [41008, 'missing code'],
  openidMissing: [41009, 'missing openid'],
  tokenExpired: [42001, 'access_token expired'],
  requireGet: [43001, 'require GET method'],
  requirePost: [43002, 'require POST method'],
  userRefused: [43101, 'user refuse to accept the msg'],
  emptyPostData: [44002, 'empty post data'],
  contentTooLarge: [45002, 'content size out of limit'],
  minuteQuota: [45011, 'api minute-quota reach limit, must slower, retry next minute'],
  dataFormat: [47001, 'data format error'],
  argumentInvalid: [47003, 'argument invalid!'],
  invalidSignature: [87009, 'invalid signature'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorName = keyof typeof ERRORS;

/** A JSON answer's fields. */
export type Body = Record<string, unknown>;

/** A success, as WeChat's server APIs answer it. */
export const OK = { errcode: 0, errmsg: 'ok' } as const;

/** A failure answer: an `errcode` other than 0 and a message naming what was wrong. */
export interface WxFailure {
  errcode: number;
  errmsg: string;
}

/** WeChat's message for `name`, then `, hint: ` and what to fix when there is a hint. */
function messageOf(name: ErrorName, hint: string | undefined): string {
  const errmsg = ERRORS[name][1];
  return hint === undefined ? errmsg : `${errmsg}, hint: ${hint}`;
}

/**
 * A failure a domain module returns rather than throws (`{errcode, errmsg}`, the message as
 * `ApiError`'s; the router appends `, rid: <request id>` as WeChat does).
 */
export function failure(name: ErrorName, hint?: string): WxFailure {
  return { errcode: ERRORS[name][0], errmsg: messageOf(name, hint) };
}

/**
 * An answer with a nonzero errcode, thrown by a route and turned into JSON by the router. Not a
 * failure of the server: only other errors are reported to `onError` and answered `-1`.
 */
export class ApiError extends Error {
  readonly errcode: number;
  readonly hint: string | undefined;
  /** HTTP status (200 but for an oversize body). */
  readonly status: number;
  /** Extra headers (e.g. `Retry-After`). */
  readonly headers: Record<string, string>;

  constructor(name: ErrorName, hint?: string, options: { status?: number; headers?: Record<string, string> } = {}) {
    super(messageOf(name, hint));
    this.name = 'ApiError';
    this.errcode = ERRORS[name][0];
    this.hint = hint;
    this.status = options.status ?? 200;
    this.headers = options.headers ?? {};
  }

  /** The body WeChat would send: `{errcode, errmsg}` with the request id in the message. */
  body(requestId: string): Body {
    return { errcode: this.errcode, errmsg: `${this.message}, rid: ${requestId}` };
  }
}

/** Who is asking, as the answer needs it. */
export interface AnswerContext {
  requestId: string;
  /** Under TCMPP's `/openserver/` prefix: every JSON answer carries `requestId`. */
  tcmpp: boolean;
}

/**
 * A JSON answer as the server makes it: its status, headers (lower-case names) and body text.
 * `fetch` hands it out as a Web `Response`; the Node listener writes it as it is.
 */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A JSON answer. */
export function answer(context: AnswerContext, body: Body, status = 200, headers: Record<string, string> = {}): Answer {
  const full = context.tcmpp ? { ...body, requestId: context.requestId } : body;
  const all: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'request-id': context.requestId,
  };
  for (const name in headers) all[name.toLowerCase()] = headers[name]!;
  return { status, headers: all, body: JSON.stringify(full) };
}

/** The answer as a Web `Response`. */
export function responseOf(answer: Answer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** A route's failure body (`errcode` other than 0) with the request id in its message, as WeChat's. */
export function withRequestId(body: Body, requestId: string): Body {
  const failed = typeof body.errcode === 'number' && body.errcode !== 0 && typeof body.errmsg === 'string';
  return failed ? { ...body, errmsg: `${body.errmsg as string}, rid: ${requestId}` } : body;
}

/** A JSON answer for an `ApiError`, with the fields a route adds to its errors (`extra`). */
export function errorAnswer(context: AnswerContext, error: ApiError, extra: Body = {}): Answer {
  return answer(context, { ...extra, ...error.body(context.requestId) }, error.status, error.headers);
}
