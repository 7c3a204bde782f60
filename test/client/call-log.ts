// Sees the calls a client sends, as the endpoint receives them: a Transport that decodes each request
// body (XML-RPC or JSON-RPC) before passing it on. Tests use it to check what went on the wire.
import type { RawRequest, RawResponse, Transport } from '../../src/client/index.ts';
import { decodeJsonRequest, decodeMethodCall, type WireValue } from '../../src/wire/index.ts';

export interface LoggedCall {
  readonly method: string;
  readonly params: readonly WireValue[];
}

export function loggingTransport(inner: Transport): { transport: Transport; calls: LoggedCall[] } {
  const calls: LoggedCall[] = [];
  const transport: Transport = {
    target: inner.target,
    request(req: RawRequest, signal?: AbortSignal): Promise<RawResponse> {
      const json = (req.headers['content-type'] ?? '').includes('json');
      const c = json ? decodeJsonRequest(req.body) : decodeMethodCall(req.body);
      calls.push({ method: c.method, params: c.params });
      return inner.request(req, signal);
    },
    close: () => inner.close(),
  };
  return { transport, calls };
}
