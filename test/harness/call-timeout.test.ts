// `--call-timeout` (HarnessOptions.callTimeoutMs): every client the harness makes carries the limit, and a
// call that a target never answers fails as a transport problem after it, not after the 60 s default.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransportError } from '../../src/client/index.ts';
import { defaultOptions, emulatorTarget, remoteTarget } from '../../src/harness/index.ts';

// A bare server that reads requests and never answers: a stalled host.
let stalled: Server;
let url = '';
beforeAll(async () => {
  stalled = createServer(() => undefined);
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
});
afterAll(async () => {
  stalled.closeAllConnections();
  await new Promise((resolve) => stalled.close(resolve));
});

describe('--call-timeout', () => {
  it('a stalled remote call fails as a transport error after the limit', async () => {
    const target = remoteTarget({
      ...defaultOptions(),
      target: url,
      user: 'root',
      password: 'pw',
      callTimeoutMs: 300,
    });
    try {
      const client = target.client();
      expect(client.transport.timeoutMs).toBe(300);
      const started = performance.now();
      const err = await client.attempt('session.login_with_password', ['root', 'pw']).then(
        () => undefined,
        (e: unknown) => e,
      );
      const elapsed = performance.now() - started;
      expect(isTransportError(err)).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(5_000);
    } finally {
      await target.close();
    }
  });

  it('emulator clients carry it, in-process and over HTTP; without it in-process has no limit', async () => {
    for (const transport of ['in-process', 'http'] as const) {
      const target = await emulatorTarget({ ...defaultOptions(), transport, callTimeoutMs: 1_234 });
      try {
        const client = target.client();
        expect(client.transport.timeoutMs).toBe(1_234);
        const s = await client.attempt('session.login_with_password', [target.user, target.password]);
        expect(s.ok).toBe(true);
      } finally {
        await target.close();
      }
    }
    const plain = await emulatorTarget(defaultOptions());
    try {
      expect(plain.client().transport.timeoutMs).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
