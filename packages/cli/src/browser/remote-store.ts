/**
 * The page's view of `wxbridge dev`'s FileStore: a `KeyValueStore` whose every operation is one
 * `POST /__wxbridge/store` on the superapp's own origin, with the per-run token (platform-wire.ts).
 * The host's `SessionService` keeps its v2 login codes, sessions and platform records in it, which
 * the open-platform server reads. Only `wxbridge dev` offers that endpoint: a production web
 * superapp runs its `SessionService` on its own backend.
 */
import type { AdjustOptions, KeyValueStore, SetOptions } from '@wxbridge/store';
import { STORE_PATH, TOKEN_HEADER, type StoreAnswer, type StoreCall } from '../platform-wire';

export class RemoteStore implements KeyValueStore {
  /** What it stores outlives the page: the `SessionService` over it needs the deployment secret. */
  readonly persistent = true;

  constructor(private readonly token: string) {}

  private async call(call: StoreCall): Promise<string | number | boolean | null> {
    const response = await fetch(STORE_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: this.token },
      body: JSON.stringify(call),
      cache: 'no-store',
    });
    let answer: StoreAnswer;
    try {
      answer = (await response.json()) as StoreAnswer;
    } catch {
      throw new Error(`the store (${STORE_PATH}) answered ${response.status} without JSON; is wxbridge dev still running?`);
    }
    if ('error' in answer) throw new Error(`the store refused ${call.op} ${call.key}: ${answer.error}`);
    return answer.result;
  }

  async get(key: string): Promise<string | undefined> {
    return ((await this.call({ op: 'get', key })) as string | null) ?? undefined;
  }

  async set(key: string, value: string, options?: SetOptions): Promise<void> {
    await this.call({ op: 'set', key, value, ...options });
  }

  async delete(key: string): Promise<void> {
    await this.call({ op: 'delete', key });
  }

  async take(key: string): Promise<string | undefined> {
    return ((await this.call({ op: 'take', key })) as string | null) ?? undefined;
  }

  async setIfAbsent(key: string, value: string, options?: SetOptions): Promise<boolean> {
    return (await this.call({ op: 'setIfAbsent', key, value, ...options })) === true;
  }

  async adjust(key: string, delta: number, options?: AdjustOptions): Promise<number | undefined> {
    return ((await this.call({ op: 'adjust', key, delta, ...options })) as number | null) ?? undefined;
  }
}
