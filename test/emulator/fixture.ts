// Shared helpers of the emulator tests: a real emulator (in-process or on port 0) and raw XML-RPC
// calls that bypass the client, so the tests see the exact bytes xapi's clients would.
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.ts';
import { httpTransport, inProcessTransport, XapiClient, type Session } from '../../src/client/index.ts';
import { decodeResponse, encodeMethodCall, type WireValue, type XapiResponse } from '../../src/wire/index.ts';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return createEmulator({ authFailureDelayMs: 0, ...options });
}

export function clientOf(
  emu: Emulator,
  over: 'http' | 'in-process' = 'in-process',
  protocol: 'xmlrpc' | 'jsonrpc' = 'xmlrpc',
): XapiClient {
  const transport = over === 'http' ? httpTransport(emu.url) : inProcessTransport(emu.handle);
  return new XapiClient({ transport, protocol });
}

export async function rootSession(emu: Emulator, client = clientOf(emu)): Promise<Session> {
  return client.login(emu.user, emu.password);
}

/** One XML-RPC call through the in-process handler, with untyped wire params. */
export async function rawCall(
  emu: Emulator,
  method: string,
  params: readonly WireValue[],
): Promise<XapiResponse> {
  const res = await emu.handle({
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'text/xml' },
    body: new TextEncoder().encode(encodeMethodCall(method, params)),
  });
  return decodeResponse(res.body);
}

export function failureOf(r: XapiResponse): readonly string[] {
  if (r.ok)
    throw new Error(
      `expected a failure, got success ${JSON.stringify(r.value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`,
    );
  return [r.code, ...r.params];
}

export function valueOf(r: XapiResponse): WireValue {
  if (!r.ok) throw new Error(`expected success, got ${r.code} ${r.params.join(' ')}`);
  return r.value;
}
