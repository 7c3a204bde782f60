// HTTPS (issue 8 §5; SEMANTICS.md §2: xapi serves 443, usually with a self-signed certificate): the
// emulator's generated certificate works when the client trusts it and fails closed when it does not;
// a given certificate (here: a host certificate from the emulator's own builder, signed by a CA made in
// the test with `selfsigned`) is the one served, so a client trusting only that CA connects. Also
// through the CLI's --cert/--key.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, TransportError, XapiClient } from '../../src/client/index.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { serverCertificate } from '../../src/emulator/server/self-signed-cert.ts';
import { startEmulatorProcess } from '../robustness/emulator-process.ts';

interface Pki {
  caCert: string;
  leafCert: string;
  leafKey: string;
}

async function makePki(): Promise<Pki> {
  const ca = await generate([{ name: 'commonName', value: 'xapi-harness test CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
    ],
  });
  // A host certificate as the emulator makes its own, but signed by the CA.
  const leaf = await serverCertificate('pool-master.test', { cert: ca.cert, key: ca.private });
  return { caCert: ca.cert, leafCert: leaf.cert, leafKey: leaf.key };
}

/** The certificate the server presents, as PEM-independent fingerprint. */
function servedFingerprint(url: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false }, () => {
      const fp = s.getPeerCertificate().fingerprint256;
      s.destroy();
      resolve(fp);
    });
    s.once('error', reject);
  });
}

async function loginOver(
  url: string,
  options: { ca?: string; insecure?: boolean },
  protocol: 'xmlrpc' | 'jsonrpc' = 'xmlrpc',
) {
  const client = new XapiClient({
    transport: httpTransport(url, { timeoutMs: 5_000, ...options }),
    protocol,
  });
  try {
    const s = await client.login('root', 'xapi-harness');
    const name = await s.call('host.get_name_label', [await s.call('session.get_this_host', [s.ref])]);
    await s.logout();
    return name;
  } finally {
    await client.close();
  }
}

async function tlsFailure(url: string, options: { ca?: string }): Promise<string> {
  try {
    await loginOver(url, options);
  } catch (e) {
    if (e instanceof TransportError) return e.code;
    throw e;
  }
  return 'connected';
}

let pki: Pki;
const dir = mkdtempSync(join(tmpdir(), 'xapi-harness-tls-'));

beforeAll(async () => {
  pki = await makePki();
}, 30_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('generated certificate', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await createEmulator({ port: 0, httpsPort: 0, authFailureDelayMs: 0 });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('a client trusting it connects (XML-RPC and JSON-RPC); it is the certificate served', async () => {
    expect(emu.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.cert).toContain('BEGIN CERTIFICATE');
    const url = emu.httpsUrl ?? '';
    expect(await loginOver(url, { ca: emu.cert ?? '' })).toBe('xenserver-emu');
    expect(await loginOver(url, { ca: emu.cert ?? '' }, 'jsonrpc')).toBe('xenserver-emu');
    expect(await servedFingerprint(url)).toBe(new X509Certificate(emu.cert ?? '').fingerprint256);
  });

  it('fails closed without the CA (TLS), works with insecure', async () => {
    const url = emu.httpsUrl ?? '';
    expect(await tlsFailure(url, {})).toBe('TLS');
    expect(await tlsFailure(url, { ca: pki.caCert })).toBe('TLS');
    expect(await loginOver(url, { insecure: true })).toBe('xenserver-emu');
  });

  it('plain HTTP keeps working beside HTTPS', async () => {
    expect(await loginOver(emu.url, {})).toBe('xenserver-emu');
  });
});

describe('given certificate', () => {
  it('createEmulator({cert, key}) serves it: a client trusting only the CA connects', async () => {
    const emu = await createEmulator({
      port: 0,
      httpsPort: 0,
      cert: pki.leafCert,
      key: pki.leafKey,
      authFailureDelayMs: 0,
    });
    try {
      const url = emu.httpsUrl ?? '';
      expect(await servedFingerprint(url)).toBe(new X509Certificate(pki.leafCert).fingerprint256);
      expect(await loginOver(url, { ca: pki.caCert })).toBe('xenserver-emu');
      expect(await loginOver(url, { ca: pki.caCert }, 'jsonrpc')).toBe('xenserver-emu');
    } finally {
      await emu.close();
    }
  });

  it('the CLI with --https-port --cert --key serves it too', async () => {
    const certFile = join(dir, 'host.pem');
    const keyFile = join(dir, 'host.key');
    writeFileSync(certFile, pki.leafCert);
    writeFileSync(keyFile, pki.leafKey, { mode: 0o600 });
    const proc = await startEmulatorProcess([
      '--db',
      ':memory:',
      '--auth-failure-delay',
      '0',
      '--https-port',
      '0',
      '--cert',
      certFile,
      '--key',
      keyFile,
    ]);
    try {
      const line = /HTTPS\s+(https:\/\/\S+?)\/?\s.*certificate: given/m.exec(proc.output());
      expect(line, proc.output()).not.toBeNull();
      const url = line?.[1] ?? '';
      expect(await servedFingerprint(url)).toBe(new X509Certificate(pki.leafCert).fingerprint256);
      expect(await loginOver(url, { ca: pki.caCert })).toBe('xenserver-emu');
    } finally {
      await proc.kill('SIGTERM');
    }
  }, 30_000);
});
