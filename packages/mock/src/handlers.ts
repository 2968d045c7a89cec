/**
 * The handlers the mock registers for the handler-based APIs: wait the
 * latency, then answer the setting's preset with the sample data (the
 * setting's `data` merged in). `ask` (requestPayment) shows the payment sheet
 * of `dialogs` first: paid is the success, cancelled is `fail cancel`.
 */
import { wxCancel, type CallContext, type Host, type WxError } from '@wxbridge/host';
import { isPlainObject, type HostApiName, type ParamsOf } from '@wxbridge/protocol';
import { askDialog, type MockDialogs } from './dialogs';
import { mockFailure } from './failures';
import type { PendingWaits } from './pending';
import { MOCK_HANDLER_APIS, type MockHandlerApi } from './presets';
import { MOCK_SAMPLES } from './samples';
import type { MockSetting } from './settings';

type Fields = Record<string, unknown>;

/** The sample with `data` over it; a `userInfo` in `data` is merged field by field. */
export function mergeData(sample: Fields, data: Fields | undefined): Fields {
  if (!data) return sample;
  const merged = { ...sample, ...data };
  if (isPlainObject(sample.userInfo) && isPlainObject(data.userInfo)) merged.userInfo = { ...sample.userInfo, ...data.userInfo };
  return merged;
}

export interface HandlerDeps {
  setting(api: MockHandlerApi): Promise<MockSetting>;
  waits: PendingWaits;
  dialogs?: MockDialogs;
}

/** The payment sheet's answer: true when the user paid. */
function askPayment(params: Fields, ctx: CallContext, deps: HandlerDeps): Promise<boolean> {
  const sheet = askDialog(deps.dialogs, 'requestPayment');
  return Promise.resolve(sheet({ app: ctx.app, params: params as ParamsOf<'requestPayment'>, signal: ctx.signal }));
}

async function answer(api: MockHandlerApi, params: Fields, ctx: CallContext, deps: HandlerDeps): Promise<Fields | WxError> {
  const setting = await deps.setting(api);
  const succeed = () => mergeData(MOCK_SAMPLES[api](params), setting.data);
  // getUserProfile's latency, timeout, refusal and ask were the consent prompt's: the handler only runs on agreement.
  if (api === 'getUserProfile') return succeed();
  const answered = await deps.waits.settle(setting, ctx.signal, async (current) => {
    // requestPayment's ask is the payment sheet.
    if (current.preset === 'ask' && api === 'requestPayment') return (await askPayment(params, ctx, deps)) ? succeed() : wxCancel();
    return current.preset === 'success' ? succeed() : mockFailure(api, current);
  });
  // Given up (guest timeout, disconnect, dispose): the host drops whatever comes back.
  return answered ?? wxCancel();
}

/** Registers every handler; returns a function that removes them. */
export function registerMockHandlers(host: Host, deps: HandlerDeps): () => void {
  const removers = MOCK_HANDLER_APIS.map((api) =>
    host.handle(api as HostApiName, ((params: Fields, ctx: CallContext) => answer(api, params, ctx, deps)) as never),
  );
  return () => removers.forEach((remove) => remove());
}
