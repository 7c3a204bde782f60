// `xapi-harness.config.json` (issue 12, features): named targets, so a nightly job says `--target lab`
// instead of repeating a URL, a user, a password variable, a profile and an expectations file. The file is
// read from the working directory (or --config FILE); a named target expands into the flags it stands
// for, and flags given on the command line win. Passwords never live in the file: only the name of the
// variable that holds one.
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../client/index.ts';

const CONFIG_FILE = 'xapi-harness.config.json';

interface NamedTarget {
  readonly url: string;
  readonly user?: string;
  /** The environment variable holding the password. */
  readonly passwordEnv?: string;
  readonly insecure?: boolean;
  readonly profile?: 'auto' | 'sdk-guide' | 'xapi';
  /** Known deviations of this target (expectations/README.md). */
  readonly expectations?: string;
}

interface HarnessConfig {
  readonly targets: Readonly<Record<string, NamedTarget>>;
}

const TARGET_KEYS = new Set(['url', 'user', 'passwordEnv', 'insecure', 'profile', 'expectations']);

function fail(file: string, why: string): never {
  throw new ConfigError(`${file}: ${why}`);
}

/** Parses and checks a config file's text; every mistake names the file and the entry. */
function parseConfig(text: string, file: string): HarnessConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    fail(file, `not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail(file, 'not an object');
  const targets = (data as Record<string, unknown>)['targets'] ?? {};
  if (targets === null || typeof targets !== 'object' || Array.isArray(targets))
    fail(file, '"targets" must be an object of named targets');
  for (const [name, t] of Object.entries(targets)) {
    if (t === null || typeof t !== 'object' || Array.isArray(t))
      fail(file, `targets.${name} is not an object`);
    const entry = t as Record<string, unknown>;
    if ('password' in entry) fail(file, `targets.${name}: no passwords in the file; use passwordEnv`);
    for (const k of Object.keys(entry))
      if (!TARGET_KEYS.has(k))
        fail(file, `targets.${name}.${k}: unknown key (${[...TARGET_KEYS].join(', ')})`);
    if (typeof entry['url'] !== 'string' || entry['url'] === '')
      fail(file, `targets.${name}.url is required`);
    for (const k of ['user', 'passwordEnv', 'expectations'])
      if (entry[k] !== undefined && typeof entry[k] !== 'string')
        fail(file, `targets.${name}.${k} must be a string`);
    if (entry['insecure'] !== undefined && typeof entry['insecure'] !== 'boolean')
      fail(file, `targets.${name}.insecure must be true or false`);
    const p = entry['profile'];
    if (p !== undefined && p !== 'auto' && p !== 'sdk-guide' && p !== 'xapi')
      fail(file, `targets.${name}.profile: auto, sdk-guide or xapi`);
  }
  return { targets: targets as Record<string, NamedTarget> };
}

/** The config of the working directory (or `file`); an absent default file is an empty config. */
function loadConfig(file: string | undefined): HarnessConfig {
  const path = file ?? CONFIG_FILE;
  if (!existsSync(path)) {
    if (file !== undefined) throw new ConfigError(`--config ${file}: no such file`);
    return { targets: {} };
  }
  return parseConfig(readFileSync(path, 'utf8'), path);
}

function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i] ?? '';
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

function hasFlag(argv: readonly string[], name: string): boolean {
  return argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`));
}

/** A word that is no URL and no host name (no scheme, dot or port): meant as a target's name. */
function looksLikeName(text: string): boolean {
  return !/[:./]/.test(text) && text !== 'localhost' && text !== 'emulator';
}

/**
 * Replaces `--target NAME` by the flags the named target stands for (flags given win) and drops
 * `--config FILE`. A bare word that names no target is refused here, with the names there are.
 */
export function expandNamedTarget(argv: readonly string[]): string[] {
  const configFile = flagValue(argv, 'config');
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i] ?? '';
    if (a === '--config') i += 1;
    else if (!a.startsWith('--config=')) rest.push(a);
  }
  const name = flagValue(rest, 'target');
  if (name === undefined || !looksLikeName(name)) return rest;
  const config = loadConfig(configFile);
  const t = config.targets[name];
  if (t === undefined) {
    const names = Object.keys(config.targets);
    throw new ConfigError(
      `--target ${name}: not a URL (https://host…) nor a target named in ${configFile ?? CONFIG_FILE}` +
        (names.length > 0 ? ` (targets: ${names.join(', ')})` : ''),
    );
  }
  const out = rest.filter(
    (a, i) => !(a === '--target' || a.startsWith('--target=') || rest[i - 1] === '--target'),
  );
  out.push('--target', t.url);
  if (t.user !== undefined && !hasFlag(argv, 'user')) out.push('--user', t.user);
  if (t.passwordEnv !== undefined && !hasFlag(argv, 'password-env') && !hasFlag(argv, 'password'))
    out.push('--password-env', t.passwordEnv);
  if (t.insecure === true && !hasFlag(argv, 'insecure')) out.push('--insecure');
  if (t.profile !== undefined && !hasFlag(argv, 'profile')) out.push('--profile', t.profile);
  if (t.expectations !== undefined && !hasFlag(argv, 'expectations'))
    out.push('--expectations', t.expectations);
  return out;
}
