/**
 * Every route, under `/` and under TCMPP's `/openserver/` prefix, and what happens around each
 * call: the request id, the per-client rate limit, the method check, the JSON answer. An unknown
 * path answers 40066 `invalid url`; a GET route called otherwise 43001, a POST one 43002. An
 * `ApiError` is answered as it says; anything else is an internal error, reported to `onError`
 * and answered `-1 system busy` (never its message or stack).
 */
import { ApiError, answer, errorAnswer, withRequestId, type Answer, type AnswerContext, type Body } from './answers';
import { jsonObjectOf } from './body';
import type { Call, Route, Services } from './context';
import type { Incoming } from './incoming';
import { checkSessionRoute } from './login/checksession';
import { jscode2sessionRoute } from './login/jscode2session';
import { emailRoute, phoneNumberRoute } from './login/share-codes';
import type { ConnectionInfo } from './options';
import { bodyParams, queryParams } from './params';
import { soterRoute, subscribeSendRoute, templatesRoute } from './platform-routes';
import { newRequestId } from './request-id';
import { stableTokenRoute, tokenRoute } from './tokens/token-routes';

/** TCMPP's prefix: the same routes, with `requestId` in every answer. */
export const TCMPP_PREFIX = '/openserver';

const healthRoute: Route = { method: 'GET', handle: async () => ({ status: 'ok' }) };

export const ROUTES: ReadonlyMap<string, Route> = new Map([
  ['/cgi-bin/token', tokenRoute],
  ['/cgi-bin/stable_token', stableTokenRoute],
  ['/sns/jscode2session', jscode2sessionRoute],
  ['/wxa/checksession', checkSessionRoute],
  ['/wxa/business/getuserphonenumber', phoneNumberRoute],
  ['/wxa/business/getuseremail', emailRoute],
  ['/wxaapi/newtmpl/gettemplate', templatesRoute],
  ['/cgi-bin/message/subscribe/send', subscribeSendRoute],
  ['/cgi-bin/soter/verify_signature', soterRoute],
  ['/health', healthRoute],
]);

function splitPrefix(pathname: string): { path: string; tcmpp: boolean } {
  const tcmpp = pathname.startsWith(`${TCMPP_PREFIX}/`);
  return { path: tcmpp ? pathname.slice(TCMPP_PREFIX.length) : pathname, tcmpp };
}

function callOf(incoming: Incoming, url: URL, context: AnswerContext, client: string, services: Services): Call {
  let json: Promise<Record<string, unknown>> | undefined;
  const readJson = () => (json ??= incoming.bytes(services.config.maxBodyBytes).then(jsonObjectOf));
  return {
    query: queryParams(url.searchParams),
    requestId: context.requestId,
    tcmpp: context.tcmpp,
    client,
    json: readJson,
    body: async () => bodyParams(await readJson()),
    report: (error, what) => report(services, error, incoming.method, url, context.requestId, what),
  };
}

function report(services: Services, error: unknown, method: string, url: URL, requestId: string, context?: string): void {
  try {
    services.config.onError?.(error, { requestId, method, path: url.pathname, ...(context === undefined ? {} : { context }) });
  } catch {
    // A failing reporter must not turn an answer into another failure.
  }
}

async function run(incoming: Incoming, url: URL, path: string, context: AnswerContext, info: ConnectionInfo, services: Services): Promise<Body> {
  const route = ROUTES.get(path);
  const { clientOf } = services.config;
  const client = (clientOf === undefined ? info.remoteAddress : clientOf(incoming.request(), info)) ?? 'unknown';
  if (route !== healthRoute) services.limits.client(client);
  if (!route) throw new ApiError('invalidUrl', `no API at ${path}: see docs/server.md for the routes`);
  if (incoming.method !== route.method) throw new ApiError(route.method === 'GET' ? 'requireGet' : 'requirePost');
  return route.handle(callOf(incoming, url, context, client, services), services);
}

/** Answers one request. Never rejects. */
export async function dispatch(incoming: Incoming, info: ConnectionInfo, services: Services): Promise<Answer> {
  const requestId = newRequestId();
  const url = incoming.url;
  if (url === undefined) return errorAnswer({ requestId, tcmpp: false }, new ApiError('invalidUrl', 'the request URL cannot be read'));
  const { path, tcmpp } = splitPrefix(url.pathname);
  const context: AnswerContext = { requestId, tcmpp };
  try {
    return answer(context, withRequestId(await run(incoming, url, path, context, info, services), requestId));
  } catch (error) {
    const errorFields = tcmpp ? ROUTES.get(path)?.tcmppErrorFields : undefined;
    if (error instanceof ApiError) return errorAnswer(context, error, errorFields);
    report(services, error, incoming.method, url, requestId);
    return errorAnswer(context, new ApiError('busy'), errorFields);
  }
}
