/**
 * The mini program's listeners of host events (`wx.onNeedPrivacyAuthorization(listener)` and the
 * like). The host sends an event only to a guest that has said it listens (a `subscribe` event),
 * now and again after every welcome. An exception in a listener is reported (`thirdScriptError`)
 * and never breaks the bridge.
 */
import { SUBSCRIBE_EVENT, typeWord, type EventEnvelope, type SubscribeEventData } from '@wxbridge/protocol';
import type { GuestApi } from './apis';
import { reportScriptError, type ErrorSink } from './callbacks';
import type { EventResolution } from './types';

type HostEventListener = (data: unknown, reply?: number) => void;

export type Listeners = [
  /**
   * `wx.<api>(listener)` of an event API: adds the listener (`single`: it replaces the ones
   * before) and tells the host, when it is the event's first, that the mini program listens.
   */
  listen: (api: string, entry: GuestApi, listener: unknown) => void,
  /** Calls the listeners of a host event, as they are now (one added meanwhile waits for the next). */
  fire: (envelope: EventEnvelope) => void,
  /** Tells the host every event the mini program listens to (a welcome came). */
  resubscribe: () => void,
  /** Drops every listener (the runtime is disposed). */
  clear: () => void,
];

/**
 * @param emitToHost sends an event to the host
 * @param connected whether the handshake has completed and the host is still there
 */
export function createListeners(
  emitToHost: (name: string, data: unknown, reply?: number) => void,
  connected: () => unknown,
  onError: ErrorSink,
): Listeners {
  /** By event name; its keys are the events the mini program listens to. */
  const listeners = new Map<string, HostEventListener[]>();
  const subscribe = (event: string) => emitToHost(SUBSCRIBE_EVENT, { event } satisfies SubscribeEventData);
  return [
    (api, { event, resolvable, single }, listener) => {
      if (typeof listener !== 'function') {
        throw new TypeError(`${api}:fail parameter error: parameter.listener should be Function instead of ${typeWord(listener)};`);
      }
      const onEvent: HostEventListener = (data, reply) => {
        try {
          if (resolvable) listener((resolution: EventResolution) => emitToHost(event!, resolution, reply), data);
          else listener(data);
        } catch (thrown) {
          reportScriptError(onError, api, thrown);
        }
      };
      const list = listeners.get(event!);
      if (list && !single) list.push(onEvent);
      else listeners.set(event!, [onEvent]);
      if (!list && connected()) subscribe(event!);
    },
    (envelope) => {
      for (const listener of listeners.get(envelope.name)?.slice() ?? []) listener(envelope.data, envelope.reply);
    },
    () => {
      for (const event of listeners.keys()) subscribe(event);
    },
    () => listeners.clear(),
  ];
}
