// The layout of wxbridge's shared state: the records the host writes and the server reads (and back),
// their keys and parsers, and the byte helpers (Web Crypto) both sides compute them with.
export * from './bytes';
export * from './login';
export * from './login-types';
export * from './native-crypto';
export * from './openids';
export * from './platform';
