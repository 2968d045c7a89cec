/** What a handler (and a feature) sees of its call. */
import type { App } from './app';
import type { Connection, RunningCall } from './connection';
import type { CallContext } from './types';

const CALL = Symbol('call');

/**
 * A class, not an object literal with a getter: one is made per call, and the literal's accessor
 * costs more than the rest of the dispatch.
 */
export class Context implements CallContext {
  // Assigned in the constructor, not declared as class fields: the es2020 build would define each one.
  declare readonly api: string;
  declare readonly id: number;
  declare readonly app: App;
  declare readonly connection: Connection;
  declare readonly tap: boolean;
  /** Symbol-keyed: not among the fields a handler lists. */
  declare private readonly [CALL]: RunningCall;

  constructor(api: string, call: RunningCall, connection: Connection, tap: boolean) {
    this.api = api;
    this.id = call.id;
    this.app = connection.app;
    this.connection = connection;
    this.tap = tap;
    this[CALL] = call;
  }

  /** Made on first use: most handlers never read it. */
  get signal(): AbortSignal {
    const call = this[CALL];
    call.controller ??= new AbortController();
    return call.controller.signal;
  }
}
