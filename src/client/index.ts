// Public names of src/client: the only way anything talks to an endpoint (docs/DEVELOPMENT.md).
export type { RawHandler, RawRequest, RawResponse, Transport, TransportStats } from './transport.ts';
export { httpTransport } from './http-transport.ts';
export type { HttpTransportOptions } from './http-transport.ts';
export { inProcessTransport } from './in-process-transport.ts';
export type { InProcessTransportOptions } from './in-process-transport.ts';
export {
  isTransportError,
  isXapiFailure,
  TaskTimeoutError,
  TransportError,
  XapiFailure,
} from '../xapi/harness-errors.ts';
export type { TransportErrorCode, TransportErrorOptions } from '../xapi/harness-errors.ts';
export { failure, success } from './outcome.ts';
export type { Outcome } from './outcome.ts';
export { rpcCodec } from './rpc-codec.ts';
export type { JsonRpcVersion, Protocol, RpcCodec } from './rpc-codec.ts';
export { XapiClient } from './xapi-client.ts';
export type { CallOptions, LoginOptions, XapiClientOptions } from './xapi-client.ts';
export { Session } from './session.ts';
export { awaitTask, callAsync, taskOutcome } from './call-async.ts';
export type { AsyncCallResult, AwaitTaskOptions, CallAsyncOptions } from './call-async.ts';
export { decodeEventBatch, eventFrom } from './event-from.ts';
export type { EventBatch, EventOperation, XapiEvent } from './event-from.ts';
export { methodTypes, wireToJs } from './method-types.ts';
export type { MethodTypes } from './method-types.ts';
export { toJsonSafe } from './json-safe.ts';
export type { JsonSafeLimits, JsonValue } from './json-safe.ts';
export { ConfigError, describeTarget, resolveTarget, TARGET_FLAGS } from './resolve-target.ts';
export type { TargetConfig, TargetFlags } from './resolve-target.ts';
export { connect } from './connect.ts';
export { urlForHostAddress } from './host-address-url.ts';
export type { ConnectOptions } from './connect.ts';
