/**
 * User-tap tracking. Some APIs only work inside a user tap (the platform's
 * "click state"); the guest tells the host, per call, whether it was made
 * inside one. A tap lasts for the current task (it survives awaits in the
 * same task, not `setTimeout`) and is consumed by the first tap-gated call.
 */
export class TapTracker {
  // Declared, not initialised as class fields: an es2020 build would add a defineProperty helper
  // to the guest bundle for them.
  declare private active: boolean;
  declare private stopListening: (() => void) | undefined;

  constructor() {
    this.active = false;
  }

  /** Whether a call made now is inside a tap. */
  get inTap(): boolean {
    return this.active;
  }

  /** Uses the tap up (a tap-gated API was called). */
  consume(): void {
    this.active = false;
  }

  /** Runs `fn` as if the user had just tapped; the tap lasts until the current task ends. */
  run<T>(fn: () => T): T {
    this.begin();
    return fn();
  }

  private begin(): void {
    if (this.active) return;
    this.active = true;
    setTimeout(() => {
      this.active = false;
    }, 0);
  }

  /** In a browser: treat real pointer and keyboard activations as taps. */
  listen(target: EventTarget | undefined): void {
    if (!target || typeof target.addEventListener !== 'function' || this.stopListening) return;
    const onActivation = (event: Event) => {
      if (event.isTrusted === false) return;
      if (event.type === 'keydown') {
        const key = (event as KeyboardEvent).key;
        if (key !== 'Enter' && key !== ' ') return;
      }
      this.begin();
    };
    const types = ['click', 'pointerup', 'touchend', 'keydown'];
    for (const type of types) target.addEventListener(type, onActivation, true);
    this.stopListening = () => {
      for (const type of types) target.removeEventListener(type, onActivation, true);
    };
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = undefined;
    this.active = false;
  }
}
