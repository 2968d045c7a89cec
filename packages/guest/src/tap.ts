/**
 * User-tap tracking. Some APIs only work inside a user tap (the platform's
 * "click state"); the guest tells the host, per call, whether it was made
 * inside one. A tap lasts for the current task (it survives awaits in the
 * same task, not `setTimeout`) and is consumed by the first tap-gated call.
 */
export interface TapTracker {
  /** Whether a call made now is inside a tap. */
  readonly inTap: boolean;
  /** Uses the tap up (a tap-gated API was called). */
  consume(): void;
  /** Runs `fn` as if the user had just tapped; the tap lasts until the current task ends. */
  run<T>(fn: () => T): T;
  /** In a browser: treat real pointer and keyboard activations on `target` as taps. */
  listen(target: EventTarget | undefined): void;
  stop(): void;
}

/** Closures rather than a class, so that a minifier can shorten the names (every mini program loads this). */
export function createTapTracker(): TapTracker {
  let active = false;
  let stopListening: (() => void) | undefined;

  function begin(): void {
    if (active) return;
    active = true;
    setTimeout(() => {
      active = false;
    }, 0);
  }

  return {
    get inTap() {
      return active;
    },
    consume() {
      active = false;
    },
    run(fn) {
      begin();
      return fn();
    },
    listen(target) {
      if (!target || typeof target.addEventListener !== 'function' || stopListening) return;
      const onActivation = (event: Event) => {
        if (event.isTrusted === false) return;
        if (event.type === 'keydown') {
          const key = (event as KeyboardEvent).key;
          if (key !== 'Enter' && key !== ' ') return;
        }
        begin();
      };
      const types = ['click', 'pointerup', 'touchend', 'keydown'];
      for (const type of types) target.addEventListener(type, onActivation, true);
      stopListening = () => {
        for (const type of types) target.removeEventListener(type, onActivation, true);
      };
    },
    stop() {
      stopListening?.();
      stopListening = undefined;
      active = false;
    },
  };
}
