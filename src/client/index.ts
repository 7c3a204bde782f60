// Public names of src/client: the only way anything talks to an endpoint (docs/DEVELOPMENT.md).
export type { RawRequest, RawResponse, Transport } from './transport.ts';
export { httpTransport } from './http-transport.ts';
export { inProcessTransport } from './in-process-transport.ts';
export { isTransportError, TransportError, XapiFailure } from '../xapi/harness-errors.ts';
export type { Outcome } from './outcome.ts';
export { XapiClient } from './xapi-client.ts';
export { Session } from './session.ts';
export type { XapiEvent } from './event-from.ts';
export { toJsonSafe } from './json-safe.ts';
export { ConfigError, resolveTarget, TARGET_FLAGS } from './resolve-target.ts';
export { connect } from './connect.ts';
export { urlForHostAddress } from './host-address-url.ts';
