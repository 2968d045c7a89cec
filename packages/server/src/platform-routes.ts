/**
 * The routes whose domain logic lives in `subscriptions/` and `soter/`, mounted behind the access
 * token: `GET /wxaapi/newtmpl/gettemplate` (the app's templates), `POST
 * /cgi-bin/message/subscribe/send`, `POST /cgi-bin/soter/verify_signature`. Their answers and
 * error numbers are those modules' (see each one's table).
 */
import type { Call, Route, Services } from './context';
import { verifySignature } from './soter/verify';
import { sendSubscribeMessage } from './subscriptions/send';
import { templateList } from './subscriptions/templates';
import { appOfToken } from './tokens/require-token';

export const templatesRoute: Route = {
  method: 'GET',
  async handle(call: Call, services: Services) {
    const appId = await appOfToken(call, services);
    return { ...templateList(services.apps.get(appId)?.templates ?? []) };
  },
};

export const subscribeSendRoute: Route = {
  method: 'POST',
  async handle(call: Call, services: Services) {
    const appId = await appOfToken(call, services);
    const body = await call.json();
    const { deliver } = services.config;
    const answer = await sendSubscribeMessage(
      {
        store: services.store,
        templates: (id) => services.apps.get(id)?.templates ?? [],
        ...(deliver === undefined ? {} : { deliver }),
        onError: (error, context) => call.report(error, context),
        now: services.clock,
      },
      appId,
      body,
    );
    return { ...answer };
  },
};

export const soterRoute: Route = {
  method: 'POST',
  async handle(call: Call, services: Services) {
    const appId = await appOfToken(call, services);
    return { ...(await verifySignature({ store: services.store }, appId, await call.json())) };
  },
};
