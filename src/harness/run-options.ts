// The conformance run's options. The CLI hands them to the vitest workers in process (vitest `provide`,
// result-channel.ts); a plain `npx vitest run suites` takes the target from the project-wide XAPI_URL /
// XAPI_USER / XAPI_PASSWORD / XAPI_INSECURE, so it works against a real host too.
import { randomBytes } from 'node:crypto';

export type ProfileChoice = 'auto' | 'sdk-guide' | 'xapi';

export interface ReplaySpec {
  readonly seed: number;
  readonly path?: string;
  /** fast-check's commands replayPath (which commands ran), for command-sequence properties. */
  readonly commands?: string;
  /**
   * What the coverage steering had reached when the case started (TransitionCoverage.reachedMask), for
   * properties whose commands steer: the replayed case aims where the failing one aimed.
   */
  readonly reached?: string;
}

/** Side B of a differential run (issue 15): the endpoint that must answer as the target does. */
export interface MirrorSpec {
  /** "emulator" or an http(s) URL. */
  readonly target: string;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly passwordEnv?: string;
  readonly insecure: boolean;
  /** Emulator options of side B (from `emulator:--release=24.19`), plain data. */
  readonly emulatorOptions?: Readonly<Record<string, unknown>>;
  /** Record fields ignored on top of the default volatile ones (clocks, generations, tokens). */
  readonly volatile: readonly string[];
  /** Side B's own known deviations (`--b-expectations`); default expectations/<B's target>.json if present. */
  readonly expectationsFile?: string;
  /**
   * The `diff` flags that name both sides as given (`--a emulator --b emulator:--fault=F`, users, password
   * variables, --volatile), for printed replay commands: a replay must rebuild the same two endpoints.
   */
  readonly sideArgs?: readonly string[];
}

export interface HarnessOptions {
  /** "emulator" (an in-process emulator per suite file) or an http(s) URL. */
  readonly target: string;
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** The environment variable the password came from, for printed replay commands (never the password). */
  readonly passwordEnv?: string;
  readonly insecure: boolean;
  /** Suite areas to run (wire, sessions, eviction, vm-lifecycle, tasks, events, errors, schema); empty: all. */
  readonly suites: readonly string[];
  /** Only this property id (used by replays). */
  readonly property: string | undefined;
  /** Generated cases per property. */
  readonly runs: number;
  /**
   * `--runs` was given: every property runs that many cases. Otherwise a property with a budget of its own
   * (a session storm, a single deterministic case) keeps it, and its result shows runs done / asked.
   */
  readonly runsExplicit?: boolean;
  /** Master seed; each property derives its own from it and its id. */
  readonly seed: number;
  readonly replay: ReplaySpec | undefined;
  /** Session storms and other host-wide effects; always allowed on the emulator target. */
  readonly allowDisruptive: boolean;
  readonly profile: ProfileChoice;
  /** Budget per property (ms): fast-check stops generating new cases after it. */
  readonly timeLimitMs: number;
  /**
   * `--time-limit` was given: taken as is. Otherwise it is the base a property's limit grows from on a slow
   * target (run-property.ts fitTimeLimit, issue 11 §5).
   */
  readonly timeLimitExplicit?: boolean;
  readonly runId: string;
  readonly outDir: string;
  /** Emulator faults (emulator target only): the fault-detection proof runs the suites against them. */
  readonly faults: readonly string[];
  /** How suites reach an emulator target: in-process (default, fastest) or over HTTP on its free port. */
  readonly transport: 'in-process' | 'http';
  /** Per-target expectations file (known deviations); default expectations/<target key>.json if present. */
  readonly expectationsFile: string | undefined;
  /** Write a regression file for each failure found (suites/regressions/). */
  readonly pin: boolean;
  /**
   * Per-call limit (ms) of every harness client: a stalled call fails as a transport error after this,
   * instead of the HTTP transport's 60 s default (the in-process transport has no limit otherwise).
   */
  readonly callTimeoutMs: number | undefined;
  /** Emulator target: options on top of the harness's own (from `emulator:--release=24.19`), plain data. */
  readonly emulatorOptions?: Readonly<Record<string, unknown>>;
  /** A differential run: every call is made to this endpoint too, and the answers must agree (issue 15). */
  readonly mirror?: MirrorSpec;
}

function newRunId(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(3).toString('hex')}`;
}

export function defaultOptions(): HarnessOptions {
  return {
    target: 'emulator',
    user: undefined,
    password: undefined,
    insecure: false,
    suites: [],
    property: undefined,
    runs: 25,
    seed: Date.now() % 2 ** 31,
    replay: undefined,
    allowDisruptive: false,
    profile: 'auto',
    timeLimitMs: 10_000,
    runId: newRunId(),
    outDir: 'out',
    faults: [],
    transport: 'in-process',
    expectationsFile: undefined,
    pin: false,
    callTimeoutMs: undefined,
  };
}

/** Options of a plain vitest run: defaults, with the target from XAPI_URL & co. */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): HarnessOptions {
  const base = defaultOptions();
  const url = env['XAPI_URL'];
  const insecure = env['XAPI_INSECURE'];
  return {
    ...base,
    target: url !== undefined && url !== '' ? url : base.target,
    user: emptyToUndefined(env['XAPI_USER']),
    password: emptyToUndefined(env['XAPI_PASSWORD']),
    insecure: insecure === '1' || insecure === 'true',
  };
}

/**
 * "<seed>", "<seed>:<path>" (fast-check's path, e.g. "12:0:3"), or "<seed>:<path>@<commands>" where
 * <commands> is fast-check's commands replayPath, which command-sequence properties need to replay exactly;
 * then "~<reached>" (hex) when the case's steering started from transitions already reached.
 */
export function parseReplay(text: string): ReplaySpec {
  const m = /^(-?\d+)(?::([\d:]+))?(?:@([A-Za-z0-9+/=_:-]+))?(?:~([0-9a-f]+))?$/.exec(text.trim());
  if (m === null) {
    throw new RangeError(`--replay takes <seed>:<path>, e.g. 1234:0:2, not ${JSON.stringify(text)}`);
  }
  return {
    seed: Number(m[1]),
    ...(m[2] === undefined ? {} : { path: m[2] }),
    ...(m[3] === undefined ? {} : { commands: m[3] }),
    ...(m[4] === undefined ? {} : { reached: m[4] }),
  };
}

/** The inverse of parseReplay: what follows `--replay`. */
export function formatReplay(spec: ReplaySpec): string {
  const path = spec.path === undefined ? '' : `:${spec.path}`;
  const reached = spec.reached === undefined || spec.reached === '' ? '' : `~${spec.reached}`;
  return `${spec.seed}${path}${spec.commands === undefined ? '' : `@${spec.commands}`}${reached}`;
}

function emptyToUndefined(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/** A property's seed: the master seed mixed with its id, so properties do not share random streams. */
export function propertySeed(master: number, id: string): number {
  let h = master | 0;
  for (let i = 0; i < id.length; i += 1) h = (Math.imul(h ^ id.charCodeAt(i), 0x9e3779b1) + 0x7f4a7c15) | 0;
  return h >>> 1;
}
