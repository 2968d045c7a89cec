/**
 * User-tap tracking. Some APIs only work inside a user tap (the platform's
 * "click state"); the guest tells the host, per call, whether it was made
 * inside one. A tap lasts for the current task (it survives awaits in the
 * same task, not `setTimeout`) and is consumed by the first tap-gated call.
 */
export type TapTracker = [
  /** Whether a call made now is inside a tap. */
  inTap: () => boolean,
  /** Uses the tap up (a tap-gated API was called). */
  consume: () => void,
  /** Runs `fn` as if the user had just tapped; the tap lasts until the current task ends. */
  run: <T>(fn: () => T) => T,
  /** Stops watching activations and ends the tap. */
  stop: () => void,
];

/**
 * Closures rather than a class, so that a minifier can shorten the names (every mini program loads this).
 * @param tapTarget where real pointer and keyboard activations are watched for taps; by default
 *   `globalThis` when it has a `document`; `null`: nowhere
 */
export function createTapTracker(tapTarget: EventTarget | null | undefined): TapTracker {
  const g = globalThis as { document?: unknown } & EventTarget;
  const target = tapTarget === undefined ? (g.document ? g : undefined) : tapTarget;
  let active = false;
  const types = ['click', 'pointerup', 'touchend', 'keydown'];
  const watching = typeof target?.addEventListener === 'function';

  function begin(): void {
    if (active) return;
    active = true;
    setTimeout(() => {
      active = false;
    }, 0);
  }

  const onActivation = (event: Event) => {
    const key = (event as KeyboardEvent).key;
    if (event.isTrusted !== false && (event.type !== 'keydown' || key === 'Enter' || key === ' ')) begin();
  };
  if (watching) for (const type of types) target!.addEventListener(type, onActivation, true);

  return [
    () => active,
    () => {
      active = false;
    },
    (fn) => {
      begin();
      return fn();
    },
    () => {
      if (watching) for (const type of types) target!.removeEventListener(type, onActivation, true);
      active = false;
    },
  ];
}
