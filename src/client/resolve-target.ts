// Where the harness points and how it logs in, from flags (highest priority) or the environment
// (XAPI_URL, XAPI_USER, XAPI_PASSWORD, XAPI_INSECURE=1, XAPI_CA). No target means "start the emulator",
// which the caller decides; this only resolves and validates.
import { HarnessError } from '../xapi/harness-errors.ts';
import type { Protocol } from './rpc-codec.ts';

/** Flags as node:util parseArgs returns them (see TARGET_FLAGS). */
export type TargetFlags = Readonly<
  Record<string, string | boolean | readonly (string | boolean)[] | undefined>
>;

export interface TargetConfig {
  /** http(s)://host[:port][/prefix]; undefined when neither a flag nor XAPI_URL names one. */
  readonly url: string | undefined;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly insecure: boolean;
  /** Path of a PEM CA file to trust (read by connect()). */
  readonly caFile: string | undefined;
  readonly protocol: Protocol;
  /** Where each setting came from, for the run's environment report. */
  readonly sources: Readonly<
    Record<'url' | 'user' | 'password' | 'insecure' | 'caFile', 'flag' | 'env' | 'unset'>
  >;
}

/** Option definitions for node:util parseArgs, so every subcommand spells the target flags alike. */
export const TARGET_FLAGS = {
  target: { type: 'string' },
  url: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  'password-env': { type: 'string' },
  insecure: { type: 'boolean' },
  ca: { type: 'string' },
  protocol: { type: 'string' },
} as const;

export class ConfigError extends HarnessError {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG';
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['', '0', 'false', 'no', 'off']);

export function resolveTarget(
  flags: TargetFlags,
  env: Readonly<Record<string, string | undefined>>,
): TargetConfig {
  const flagTarget = str(flags, 'target');
  const flagUrl = str(flags, 'url');
  if (flagTarget !== undefined && flagUrl !== undefined && flagTarget !== flagUrl) {
    throw new ConfigError(`--target and --url disagree (${flagTarget} vs ${flagUrl}); give one`);
  }
  const url = pick(flagTarget ?? flagUrl, env['XAPI_URL']);
  const user = pick(str(flags, 'user'), env['XAPI_USER']);
  const password = pick(passwordFlag(flags, env), env['XAPI_PASSWORD']);
  const insecure = pick(bool(flags, 'insecure'), envBool(env, 'XAPI_INSECURE'));
  const caFile = pick(str(flags, 'ca'), env['XAPI_CA'] === '' ? undefined : env['XAPI_CA']);
  const protocolText = str(flags, 'protocol') ?? 'xmlrpc';
  if (protocolText !== 'xmlrpc' && protocolText !== 'jsonrpc') {
    throw new ConfigError(`--protocol must be xmlrpc or jsonrpc, not ${protocolText}`);
  }
  const normalisedUrl = url.value === undefined || url.value === '' ? undefined : normaliseUrl(url.value);
  return {
    url: normalisedUrl,
    user: user.value,
    password: password.value,
    insecure: insecure.value ?? false,
    caFile: caFile.value,
    protocol: protocolText,
    sources: {
      url: normalisedUrl === undefined ? 'unset' : url.source,
      user: user.source,
      password: password.source,
      insecure: insecure.source,
      caFile: caFile.source,
    },
  };
}

/** A one-line description safe to print or report: never the password. */
export function describeTarget(config: TargetConfig): string {
  const tls =
    config.url?.startsWith('https:') === true
      ? config.insecure
        ? ' (TLS unverified)'
        : config.caFile === undefined
          ? ' (TLS, system CAs)'
          : ` (TLS, CA ${config.caFile})`
      : '';
  return `${config.url ?? 'built-in emulator'} as ${config.user ?? '(no user)'} over ${config.protocol}${tls}`;
}

function normaliseUrl(text: string): string {
  // A bare host ("xcp-host" or "10.0.0.5:8080") means https, as for xe and XenCenter.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new ConfigError(`not a valid target URL: ${text}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ConfigError(`target URL must be http:// or https://, not ${u.protocol}`);
  }
  if (u.username !== '' || u.password !== '') {
    throw new ConfigError(
      'put credentials in --user/--password-env or XAPI_USER/XAPI_PASSWORD, not in the URL',
    );
  }
  return u.href.replace(/\/$/, '');
}

function passwordFlag(
  flags: TargetFlags,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const direct = str(flags, 'password');
  const viaEnv = str(flags, 'password-env');
  if (direct !== undefined && viaEnv !== undefined)
    throw new ConfigError('give --password or --password-env, not both');
  if (viaEnv === undefined) return direct;
  const value = env[viaEnv];
  if (value === undefined)
    throw new ConfigError(`--password-env ${viaEnv}: that environment variable is not set`);
  return value;
}

function pick<T>(
  flag: T | undefined,
  envValue: T | undefined,
): { value: T | undefined; source: 'flag' | 'env' | 'unset' } {
  if (flag !== undefined) return { value: flag, source: 'flag' };
  if (envValue !== undefined) return { value: envValue, source: 'env' };
  return { value: undefined, source: 'unset' };
}

function str(flags: TargetFlags, name: string): string | undefined {
  const v = last(flags[name]);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ConfigError(`--${name} needs a value`);
  return v;
}

function bool(flags: TargetFlags, name: string): boolean | undefined {
  const v = last(flags[name]);
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  if (TRUE_WORDS.has(v.toLowerCase())) return true;
  if (FALSE_WORDS.has(v.toLowerCase())) return false;
  throw new ConfigError(`--${name}: expected a boolean, got ${v}`);
}

function envBool(env: Readonly<Record<string, string | undefined>>, name: string): boolean | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  if (TRUE_WORDS.has(v.toLowerCase())) return true;
  if (FALSE_WORDS.has(v.toLowerCase())) return false;
  throw new ConfigError(`${name}: expected 1/0 (or true/false), got ${v}`);
}

function last<T>(v: T | readonly T[] | undefined): T | undefined {
  return Array.isArray(v) ? (v as readonly T[])[v.length - 1] : (v as T | undefined);
}
