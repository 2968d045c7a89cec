// @wxbridge/server/node: the server over node:http.
export { listen, DRAIN_LIMIT, type ListenOptions, type Listening } from './listen';
