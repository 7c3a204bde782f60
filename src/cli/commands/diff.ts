// `xapi-harness diff`: a differential run (issue 15). The same generated call sequences go to two endpoints;
// side A drives (the reference model follows it, the commands pick its objects) and side B must answer each
// call as A did, after normalisation (src/harness/mirror/). The first difference fails the property, and
// fast-check shrinks the sequence to the shortest that still shows it. Results, Allure and JUnit as for
// conformance, under a `diff` parent suite.
import { parseArgs } from 'node:util';
import { ConfigError } from '../../client/index.ts';
import type { HarnessOptions, MirrorSpec } from '../../harness/index.ts';
import { EXIT_CODES } from '../../results/index.ts';
import { listFlags, switchFlags, valueFlags } from '../flag-values.ts';
import { parseConformanceArgs, runConformance } from './conformance.ts';
import { parseEmulatorArgs } from './emulator.ts';

const USAGE = `usage: xapi-harness diff --a TARGET --b TARGET [options]

Runs the conformance properties' generated call sequences against two endpoints at once and reports the
first answer in which they differ (refs, uuids, clocks and tokens normalised), shrunk to the shortest
sequence. Exit 0: no divergence; 1: a divergence; 2: setup problem.

TARGET is one of:
  emulator                       the built-in emulator
  emulator:--release=24.19       the built-in emulator with emulator flags (comma-separated), e.g.
                                 emulator:--fault=suspend-wrong-state or emulator:--guests=no-drivers,--release=25.6
  https://host                   a XenServer / XCP-ng host (credentials below)

options:
  --a-user NAME, --b-user NAME   login names of the two sides (default root)
  --a-password-env VAR, --b-password-env VAR
                                 read each side's password from this environment variable
  --a-insecure, --b-insecure     accept that side's self-signed certificate
  --volatile F[,G]               record fields to ignore on top of the default ones
                                 (${'last_active, validation_time, created, finished, snapshot_time, …'})
  --expectations FILE            side A's known deviations (default expectations/<A's target>.json)
  --b-expectations FILE          side B's known deviations (default expectations/<B's target>.json): a listed
                                 property that diverges is a known deviation; one that no longer does fails
                                 the run (unexpected pass), as in conformance
  --suite A[,B], --property ID, --runs N, --seed N, --replay SEED:PATH@COMMANDS, --time-limit DUR,
  --call-timeout DUR, --allow-disruptive, --profile P, --out DIR
                                 as for conformance
`;

/** Emulator flags that describe behaviour; where it listens and its database are the harness's business. */
const BEHAVIOUR_KEYS = [
  'release',
  'guests',
  'srSize',
  'flakyStart',
  'seed',
  'presentAs',
  'faults',
  'sessionPolicy',
  'timing',
  'hosts',
  'poolLayout',
  'gcIntervalMs',
  'idleTimeoutMs',
] as const;

export interface EndpointSpec {
  readonly target: string;
  readonly emulatorOptions?: Readonly<Record<string, unknown>>;
}

/** `emulator`, `emulator:--flag=v,--flag2=w`, or a URL. */
export function parseEndpointSpec(side: string, text: string): EndpointSpec {
  if (text === 'emulator') return { target: 'emulator' };
  if (text.startsWith('emulator:')) {
    const flags = text
      .slice('emulator:'.length)
      .split(/[\s,]+(?=--)/)
      .map((f) => f.trim())
      .filter((f) => f !== '');
    let parsed;
    try {
      parsed = parseEmulatorArgs(flags);
    } catch (e) {
      throw new ConfigError(`--${side} ${text}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (parsed === 'help') throw new ConfigError(`--${side}: emulator flags, not --help`);
    const all = parsed as Readonly<Record<string, unknown>>;
    const given = Object.fromEntries(
      BEHAVIOUR_KEYS.filter((k) => all[k] !== undefined).map((k) => [k, all[k]]),
    );
    return { target: 'emulator', emulatorOptions: given };
  }
  if (!/^https?:\/\/[^/\s]+/.test(text))
    throw new ConfigError(
      `--${side}: expected emulator, emulator:--flag=value or an http(s) URL, not ${text}`,
    );
  return { target: text };
}

const SIDE_FLAGS = {
  ...valueFlags('a', 'b', 'a-user', 'b-user', 'a-password-env', 'b-password-env', 'b-expectations'),
  ...switchFlags('a-insecure', 'b-insecure'),
  ...listFlags('volatile'),
};

function passwordFrom(
  side: string,
  v: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
) {
  if (v === undefined) return undefined;
  const p = env[v];
  if (p === undefined || p === '')
    throw new ConfigError(`--${side}-password-env ${v}: that environment variable is not set`);
  return p;
}

/** The side flags as given, for printed replay commands (passwords are variable names already). */
function sideArgsOf(values: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const [k, spec] of Object.entries(SIDE_FLAGS)) {
    const v = values[k];
    if (spec.type === 'boolean') {
      if (v === true) out.push(`--${k}`);
    } else if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'string') out.push(`--${k}`, x);
    } else if (typeof v === 'string') out.push(`--${k}`, v);
  }
  return out;
}

export function parseDiffArgs(
  argv: string[],
  env: Readonly<Record<string, string | undefined>>,
): HarnessOptions {
  // Side flags first; the rest are conformance's own and parsed by it (unknown flags are errors there).
  const { values, tokens } = parseArgs({
    args: argv,
    strict: false,
    tokens: true,
    options: SIDE_FLAGS,
  });
  const rest: string[] = [];
  const own = new Set(Object.keys(SIDE_FLAGS));
  for (const t of tokens) {
    if (t.kind === 'option' && own.has(t.name)) continue;
    if (t.kind === 'option') {
      rest.push(t.rawName);
      if (t.value !== undefined) rest.push(t.value);
    } else if (t.kind === 'positional') rest.push(t.value);
  }
  const aText = typeof values.a === 'string' ? values.a : undefined;
  const bText = typeof values.b === 'string' ? values.b : undefined;
  if (aText === undefined || bText === undefined)
    throw new ConfigError('diff needs --a TARGET and --b TARGET');
  const a = parseEndpointSpec('a', aText);
  const b = parseEndpointSpec('b', bText);
  const str = (k: keyof typeof SIDE_FLAGS) => (typeof values[k] === 'string' ? values[k] : undefined);
  const aPassEnv = str('a-password-env');
  const aPassword = passwordFrom('a', aPassEnv, env);
  const bPassEnv = str('b-password-env');
  const bPassword = passwordFrom('b', bPassEnv, env);
  if (a.target !== 'emulator' && aPassword === undefined)
    throw new ConfigError('--a is a host: give --a-password-env VAR');
  if (b.target !== 'emulator' && bPassword === undefined)
    throw new ConfigError('--b is a host: give --b-password-env VAR');
  // Side A through conformance's own parser (suite, runs, seed, replay, ... and their checks).
  const sideA =
    a.target === 'emulator'
      ? ['--target', 'emulator']
      : [
          '--target',
          a.target,
          '--user',
          str('a-user') ?? 'root',
          ...(values['a-insecure'] === true ? ['--insecure'] : []),
        ];
  const base = parseConformanceArgs([...sideA, ...rest], {
    ...env,
    XAPI_URL: undefined,
    XAPI_USER: undefined,
    XAPI_PASSWORD: a.target === 'emulator' ? undefined : aPassword,
  });
  const volatile = (Array.isArray(values.volatile) ? values.volatile : [])
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const bExpectations = str('b-expectations');
  const mirror: MirrorSpec = {
    target: b.target,
    user: b.target === 'emulator' ? undefined : (str('b-user') ?? 'root'),
    password: bPassword,
    ...(bPassEnv === undefined ? {} : { passwordEnv: bPassEnv }),
    insecure: values['b-insecure'] === true,
    ...(b.emulatorOptions === undefined ? {} : { emulatorOptions: b.emulatorOptions }),
    volatile,
    ...(bExpectations === undefined ? {} : { expectationsFile: bExpectations }),
    sideArgs: sideArgsOf(values),
  };
  return {
    ...base,
    ...(aPassEnv === undefined ? {} : { passwordEnv: aPassEnv }),
    ...(a.emulatorOptions === undefined ? {} : { emulatorOptions: a.emulatorOptions }),
    mirror,
  };
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let options: HarnessOptions;
  try {
    options = parseDiffArgs(argv, process.env);
  } catch (e) {
    process.stderr.write(
      `xapi-harness diff: ${e instanceof Error ? e.message : String(e)}\n(xapi-harness diff --help lists the options)\n`,
    );
    return EXIT_CODES.setupOrTransport;
  }
  return runConformance(options, 'diff');
}
