// @wxbridge/server: WeChat's and TCMPP's server APIs (access tokens, jscode2session, checksession,
// phone and email codes, subscription messages, SOTER) as a Web-standard fetch handler. The Node
// listener is at @wxbridge/server/node.
export { createServer, type WxbridgeServer } from './server';
export type { ServerOptions, ConnectionInfo, ErrorInfo, LoginAttempt } from './options';
export type { AppOptions } from './apps';
export type { RateLimitOptions } from './rate-limits';
export { ERRORS, type ErrorName } from './answers';
export { ROUTES, TCMPP_PREFIX } from './router';
export { TOKEN_TTL_MS, TOKEN_OVERLAP_MS } from './tokens/access-tokens';
export { Redeemer } from './login/redeem';
export { readOutbox, type OutboxPage, type ReadOutboxOptions, type SentMessage } from './subscriptions/outbox';
export type { ServerTemplate, TemplateKind } from './subscriptions/templates';
