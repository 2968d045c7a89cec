export { Host, createHost } from './host';
export { Connection } from './connection';
export { WxError, wxFail, wxCancel, type WxErrorOptions } from './failure';
export { createFrameTransport, type FrameTransportOptions } from './frame-transport';
export type * from './types';
export { createPortTransport, type Transport, type Endpoint } from '@wxbridge/protocol';
