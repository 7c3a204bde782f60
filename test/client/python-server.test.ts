// Interop with a server nobody here wrote: Python's standard xmlrpc.server, answering in xapi's envelope
// ({Status, Value | ErrorDescription}, SEMANTICS.md §2). It speaks HTTP/1.0 and closes the connection
// after each answer, and pretty-prints its XML: the transport and decoder must cope with both.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport } from '../../src/client/http-transport.ts';
import { XapiClient } from '../../src/client/xapi-client.ts';

const SERVER = `
import sys, datetime
from xmlrpc.server import SimpleXMLRPCServer
srv = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False, allow_none=False)
def dispatch(method, params):
    if method == "session.login_with_password":
        if params[1] != "pw":
            return {"Status": "Failure", "ErrorDescription": ["SESSION_AUTHENTICATION_FAILED", params[0], "Authentication failure"]}
        return {"Status": "Success", "Value": "OpaqueRef:11111111-2222-3333-4444-555555555555"}
    if method == "host.get_API_version_major":
        return {"Status": "Success", "Value": "2"}
    if method == "session.get_last_active":
        return {"Status": "Success", "Value": datetime.datetime(2025, 3, 19, 4, 16, 24)}
    if method == "echo":
        return {"Status": "Success", "Value": params}
    return {"Status": "Failure", "ErrorDescription": ["MESSAGE_METHOD_UNKNOWN", method]}
srv._dispatch = dispatch
print(srv.server_address[1], flush=True)
srv.serve_forever()
`;

let child: ChildProcess | undefined;
let url = '';

beforeAll(async () => {
  const proc = spawn('python3', ['-c', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  child = proc;
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('python server did not start within 10 s')), 10_000);
    proc.once('error', reject);
    proc.stdout?.once('data', (d: Buffer) => {
      clearTimeout(timer);
      resolve(`http://127.0.0.1:${d.toString().trim()}`);
    });
  });
});

afterAll(() => {
  child?.kill();
});

describe('XapiClient against Python xmlrpc.server', () => {
  it('logs in, decodes typed results, and reads failures, over HTTP/1.0 connections', async () => {
    const client = new XapiClient({ transport: httpTransport(url) });
    try {
      const s = await client.login('root', 'pw');
      expect(s.ref).toBe('OpaqueRef:11111111-2222-3333-4444-555555555555');
      expect(await s.call('host.get_API_version_major', ['OpaqueRef:h'])).toBe(2);
      const last = await s.call('session.get_last_active', [s.ref]);
      expect(last).toEqual(new Date(Date.UTC(2025, 2, 19, 4, 16, 24)));
      expect(await client.attempt('session.login_with_password', ['root', 'bad'])).toEqual({
        ok: false,
        code: 'SESSION_AUTHENTICATION_FAILED',
        params: ['root', 'Authentication failure'],
      });
      // Python encodes what we sent back: ints, doubles, booleans, strings with markup, nested structs.
      const echoed = await client.callRaw('echo', [5n, 1.5, true, 'a<b&c', { k: ['x', 2n] }]);
      expect(echoed).toEqual({ ok: true, value: [5n, 1.5, true, 'a<b&c', { k: ['x', 2n] }] });
      for (let i = 0; i < 20; i++) expect((await client.callRaw('echo', [BigInt(i)])).ok).toBe(true);
    } finally {
      await client.close();
    }
  });
});
