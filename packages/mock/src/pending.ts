/**
 * The mock's waits (latency, `timeout` answers that never come), so that
 * `dispose()` can end them all and leave no timer or promise behind.
 */
export class PendingWaits {
  private readonly live = new Set<() => void>();
  private closed = false;

  /** How many waits are running. */
  get size(): number {
    return this.live.size;
  }

  /** Resolves after `ms` (never when undefined), or early when `signal` fires or on `close()`. */
  wait(ms: number | undefined, signal?: AbortSignal): Promise<void> {
    if (this.closed || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.live.delete(done);
        resolve();
      };
      this.live.add(done);
      signal?.addEventListener('abort', done, { once: true });
      if (ms !== undefined) timer = setTimeout(done, ms);
    });
  }

  /** The setting's latency; nothing when 0 or absent. */
  delay(ms: number | undefined, signal?: AbortSignal): Promise<void> {
    return ms && ms > 0 ? this.wait(ms, signal) : Promise.resolve();
  }

  /** Never answers: resolves only when the caller gives up (`signal`) or on `close()`. */
  hang(signal?: AbortSignal): Promise<void> {
    return this.wait(undefined, signal);
  }

  /**
   * How every mock answer starts: wait the setting's latency; a `timeout` preset then never
   * answers (undefined once the caller gives up), nor does a call given up meanwhile; otherwise
   * `answer(setting)`.
   */
  async settle<S extends { latencyMs?: number; preset: string }, T>(
    setting: S,
    signal: AbortSignal,
    answer: (setting: S) => T | Promise<T>,
  ): Promise<T | undefined> {
    await this.delay(setting.latencyMs, signal);
    if (setting.preset === 'timeout') await this.hang(signal);
    if (setting.preset === 'timeout' || signal.aborted) return undefined;
    return answer(setting);
  }

  /** Ends every wait; later waits end at once. */
  close(): void {
    this.closed = true;
    for (const done of [...this.live]) done();
  }
}
