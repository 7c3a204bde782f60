// The client over HTTPS against the emulator's own TLS listener (self-signed certificate, as a fresh
// XenServer/XCP-ng host has): refused by default, accepted with its CA or with insecure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/client/connect.ts';
import { TransportError } from '../../src/xapi/harness-errors.ts';
import { httpTransport } from '../../src/client/http-transport.ts';
import { resolveTarget } from '../../src/client/resolve-target.ts';
import { XapiClient } from '../../src/client/xapi-client.ts';
import { createEmulator } from '../../src/emulator/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let emu: Emulator;
let httpsUrl: string;
let cert: string;
let dir: string;

beforeAll(async () => {
  emu = await createEmulator({ port: 0, httpsPort: 0, dbPath: ':memory:', authFailureDelayMs: 0 });
  if (emu.httpsUrl === undefined || emu.cert === undefined) throw new Error('emulator started without HTTPS');
  httpsUrl = emu.httpsUrl;
  cert = emu.cert;
  dir = mkdtempSync(join(tmpdir(), 'xapi-harness-tls-'));
});

afterAll(async () => {
  await emu?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('XapiClient over HTTPS', () => {
  it('refuses the self-signed certificate by default with a TLS TransportError', async () => {
    const client = new XapiClient({ transport: httpTransport(httpsUrl) });
    try {
      const e = await client.login(emu.user, emu.password).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TransportError);
      expect((e as TransportError).code).toBe('TLS');
    } finally {
      await client.close();
    }
  });

  for (const protocol of ['xmlrpc', 'jsonrpc'] as const) {
    it(`logs in with the CA (${protocol}) and with insecure`, async () => {
      const withCa = new XapiClient({ transport: httpTransport(httpsUrl, { ca: cert }), protocol });
      const insecure = new XapiClient({ transport: httpTransport(httpsUrl, { insecure: true }), protocol });
      try {
        for (const client of [withCa, insecure]) {
          const s = await client.login(emu.user, emu.password);
          expect(await s.call('host.get_all')).toHaveLength(1);
          await s.logout();
        }
      } finally {
        await withCa.close();
        await insecure.close();
      }
    });
  }

  it('connects from flags and environment: --ca file, XAPI_INSECURE, --password-env', async () => {
    const caFile = join(dir, 'pool-ca.pem');
    writeFileSync(caFile, cert);
    const env = { XAPI_URL: httpsUrl, XAPI_USER: emu.user, EMU_PW: emu.password };
    for (const config of [
      resolveTarget({ ca: caFile, 'password-env': 'EMU_PW' }, env),
      resolveTarget({ 'password-env': 'EMU_PW', protocol: 'jsonrpc' }, { ...env, XAPI_INSECURE: '1' }),
    ]) {
      const client = connect(config);
      try {
        const s = await client.login(config.user ?? '', config.password ?? '');
        expect(await s.call('session.get_auth_user_name', [s.ref])).toBe(emu.user);
        await s.logout();
      } finally {
        await client.close();
      }
    }
    expect(() => connect(resolveTarget({ ca: join(dir, 'missing.pem') }, env))).toThrow(
      /cannot read CA file/,
    );
  });
});
