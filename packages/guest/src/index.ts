export { connectGuest, type GuestBridge, type GuestOptions, type GuestSnapshot } from './connect';
export { createParentTransport, type ParentTransportOptions } from './parent-transport';
export {
  createNativeTransport,
  detectNativeBridge,
  receiverName,
  type NativeBridgeKind,
  type NativeTransportOptions,
} from './native-transport';
export { SDK_VERSION } from './runtime';
export type { ErrorSink } from './callbacks';
export type * from './types';
export { createPortTransport, type Transport, type Endpoint } from '@wxbridge/protocol';
