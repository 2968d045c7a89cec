/**
 * The guest script the demo serves at /__wxbridge/guest.js: what a mini program runtime loads
 * before the mini program's code. It connects to the superapp (the parent window, at exactly the
 * host origin the demo was started with), defines the global `wx`, and offers the runtime's part
 * to the page as `wxbridge`: `invokeOpenType` for `<button open-type>` taps, `runInTap`, `ready`.
 * Real clicks, touches and Enter/Space presses in the page count as taps.
 *
 * The page's scripts after this one run once the superapp's welcome is in (hold-scripts.ts), so
 * the sync APIs (`wx.getAccountInfoSync()`, `wx.canIUse()`) answer from the mini program's first line.
 */
import { connectGuest, createParentTransport, type GuestBridge } from '@wxbridge/guest';
import { holdScriptsUntil } from './hold-scripts';

declare const __WXBRIDGE_HOST_ORIGIN__: string;

/** How long without a welcome before the console says why the page's scripts have not run. */
const NO_WELCOME_WARNING_MS = 5000;

const bridge: GuestBridge = connectGuest({ transport: createParentTransport({ hostOrigin: __WXBRIDGE_HOST_ORIGIN__ }) });
bridge.install(globalThis);

const runtime = {
  invokeOpenType: bridge.invokeOpenType.bind(bridge),
  runInTap: bridge.runInTap.bind(bridge),
  /** Resolves with the host's welcome once connected. */
  get ready() {
    return bridge.ready;
  },
  get connected() {
    return bridge.connected;
  },
};
Object.defineProperty(globalThis, 'wxbridge', { value: Object.freeze(runtime), enumerable: false });

let welcomed = false;
const ready = bridge.ready.then(() => (welcomed = true));
void holdScriptsUntil(ready);
setTimeout(() => {
  if (!welcomed) {
    console.warn(
      `wxbridge: no welcome from the superapp at ${__WXBRIDGE_HOST_ORIGIN__} yet, so this page's scripts after /__wxbridge/guest.js wait.` +
        ` Open the superapp's page (the URL wxbridge printed), which loads this one in its frame.`,
    );
  }
}, NO_WELCOME_WARNING_MS);
