/**
 * The guest script the demo serves at /__wxbridge/guest.js: what a mini program runtime loads
 * before the mini program's code. It connects to the superapp (the parent window, at exactly the
 * host origin the demo was started with), defines the global `wx`, and offers the runtime's part
 * to the page as `wxbridge`: `invokeOpenType` for `<button open-type>` taps, `runInTap`, `ready`.
 * Real clicks, touches and Enter/Space presses in the page count as taps.
 */
import { connectGuest, createParentTransport, type GuestBridge } from '@wxbridge/guest';

declare const __WXBRIDGE_HOST_ORIGIN__: string;

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
