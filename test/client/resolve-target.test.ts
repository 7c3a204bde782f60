import { describe, expect, it } from 'vitest';
import { parseArgs } from 'node:util';
import { ConfigError, describeTarget, resolveTarget, TARGET_FLAGS } from '../../src/client/resolve-target.ts';

function flags(argv: string[]): Record<string, string | boolean | undefined> {
  return parseArgs({ args: argv, options: TARGET_FLAGS, strict: true }).values;
}

describe('resolveTarget', () => {
  it('reads the environment', () => {
    const c = resolveTarget(
      {},
      { XAPI_URL: 'https://xcp1.lab:443/', XAPI_USER: 'root', XAPI_PASSWORD: 'pw', XAPI_INSECURE: '1' },
    );
    expect(c).toMatchObject({
      url: 'https://xcp1.lab',
      user: 'root',
      password: 'pw',
      insecure: true,
      protocol: 'xmlrpc',
    });
    expect(c.sources).toEqual({ url: 'env', user: 'env', password: 'env', insecure: 'env', caFile: 'unset' });
  });

  it('lets flags override the environment', () => {
    const c = resolveTarget(flags(['--target', 'http://127.0.0.1:8080', '--user', 'ci', '--password', 'f']), {
      XAPI_URL: 'https://other',
      XAPI_USER: 'root',
      XAPI_PASSWORD: 'e',
      XAPI_INSECURE: '1',
    });
    expect(c).toMatchObject({ url: 'http://127.0.0.1:8080', user: 'ci', password: 'f', insecure: true });
    expect(c.sources.url).toBe('flag');
    expect(c.sources.insecure).toBe('env');
    expect(resolveTarget(flags(['--url', 'http://h']), {}).url).toBe('http://h');
  });

  it('reads the password from the variable --password-env names', () => {
    const c = resolveTarget(flags(['--password-env', 'MY_PW']), { MY_PW: 's3cret', XAPI_PASSWORD: 'no' });
    expect(c.password).toBe('s3cret');
    expect(() => resolveTarget(flags(['--password-env', 'MISSING']), {})).toThrow(ConfigError);
    expect(() => resolveTarget(flags(['--password', 'a', '--password-env', 'B']), { B: 'b' })).toThrow(
      /not both/,
    );
  });

  it('defaults a bare host to https and rejects bad URLs', () => {
    expect(resolveTarget({}, { XAPI_URL: 'xcp-host:8443' }).url).toBe('https://xcp-host:8443');
    expect(() => resolveTarget({}, { XAPI_URL: 'ftp://h' })).toThrow(ConfigError);
    expect(() => resolveTarget({}, { XAPI_URL: 'https://root:pw@h' })).toThrow(/credentials/);
    expect(() => resolveTarget(flags(['--target', 'http://a', '--url', 'http://b']), {})).toThrow(/disagree/);
    expect(() => resolveTarget({}, { XAPI_INSECURE: 'maybe' })).toThrow(ConfigError);
    expect(() => resolveTarget({ protocol: 'soap' }, {})).toThrow(ConfigError);
  });

  it('leaves the target unset when nothing names one, and never prints the password', () => {
    const c = resolveTarget(flags(['--insecure', '--ca', '/tmp/ca.pem', '--protocol', 'jsonrpc']), {
      XAPI_PASSWORD: 'pw-never-shown',
      XAPI_INSECURE: '0',
    });
    expect(c.url).toBeUndefined();
    expect(c.insecure).toBe(true);
    expect(c.caFile).toBe('/tmp/ca.pem');
    expect(c.protocol).toBe('jsonrpc');
    expect(describeTarget(c)).not.toContain('pw-never-shown');
    expect(describeTarget(resolveTarget({}, { XAPI_URL: 'https://h', XAPI_USER: 'root' }))).toBe(
      'https://h as root over xmlrpc (TLS, system CAs)',
    );
  });
});
