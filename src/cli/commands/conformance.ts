// `xapi-harness conformance`: runs the property-based conformance areas (suites/areas.ts) through vitest's
// Node API, against the built-in emulator (default) or a real host; shows one line per property as it ends,
// writes out/results.json and, from the same results, the Allure results (out/allure-results; one writer,
// reports/allure/property-results-writer.ts), prints each counterexample with its replay command, and exits
// with the code of src/results/exit-code.ts (0 conformant, 1 violation, 2 setup / nothing checked,
// 3 inconclusive).
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, TARGET_FLAGS, resolveTarget } from '../../client/index.ts';
import { FAULTS, isFaultName } from '../../emulator/index.ts';
import { writeRunResultsToAllure } from '../../../reports/allure/index.ts';
import { AREAS, AREA_IDS, allProperties, contractFile, findArea } from '../../../suites/areas.ts';
import type { HarnessOptions } from '../../harness/index.ts';
import {
  defaultOptions,
  expectationsProblem,
  mirrorExpectationsDefault,
  openMirrorTarget,
  openTarget,
  parseReplay,
  preflight,
  releaseNote,
  sweepTagged,
  targetKey,
} from '../../harness/index.ts';
import { expandNamedTarget } from '../config-file.ts';
import { listFlags, nonNegativeInt, switchFlags, valueFlags } from '../flag-values.ts';
import { progressLine } from '../conformance/progress-line.ts';
import { runSuites } from '../conformance/run-suites.ts';
import type { PropertyResult, RunEnvironment, RunResults } from '../../results/index.ts';
import {
  EXIT_CODES,
  EXIT_MEANINGS,
  RESULTS_FORMAT,
  exitCodeForStatuses,
  medianCalls,
  writeRunResults,
} from '../../results/index.ts';

const USAGE = `usage: xapi-harness conformance [options]

Runs the property-based conformance suites against the built-in emulator (default) or a XenServer /
XCP-ng host, checking every answer against the reference model.

options:
  --target emulator|URL|NAME  where to point (default: emulator, or XAPI_URL when set); NAME is a target
                           of xapi-harness.config.json (URL, user, password variable, profile, expectations)
  --config FILE            the config file with named targets (default ./xapi-harness.config.json)
  --list                   list the areas and properties (ids, emulator-only, needs --allow-disruptive)
  --fail-fast              stop at the first violation or broken property (the rest is listed as skipped)
  --user NAME              login name (or XAPI_USER)
  --password-env VAR       read the password from this environment variable (or XAPI_PASSWORD)
  --insecure               accept a self-signed certificate (or XAPI_INSECURE=1)
  --suite A[,B]            only these areas: ${AREA_IDS.join(', ')} (repeatable)
  --property ID            only this property (its area is implied; replays need it)
  --runs N                 generated cases per property (default ${defaultOptions().runs})
  --seed N                 master seed (default: time-based; printed)
  --replay SEED:PATH@COMMANDS  replay one counterexample (needs --property; results go to out/replay/)
  --time-limit DUR         budget per property, e.g. 10s or 2m, taken as given (default ${defaultOptions().timeLimitMs / 1000}s,
                           grown to what the minimum of cases costs on a slow target, at most 30×)
  --call-timeout DUR       a call that has not answered after this fails as a transport problem, e.g. 5s
                           (default: 60s over HTTP, none in-process)
  --allow-disruptive       run session storms and other host-wide checks on a real host
  --profile P              auto (default), sdk-guide or xapi: the session policy to check against
  --expectations FILE      known deviations of this target (default expectations/<target>.json)
  --pin                    write a regression file (suites/regressions/) for each violation found
  --fault NAME             emulator target: inject a named fault (repeatable), to see the suites catch it
  --transport T            emulator target: in-process (default) or http
  --out DIR                output directory (default out): results.json, allure-results/ (emptied first)
`;

function durationMs(text: string, flag = 'time-limit'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (m === null) throw new ConfigError(`--${flag}: expected a duration like 10s, 500ms or 2m, not ${text}`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms <= 0) throw new ConfigError(`--${flag} must be more than 0`);
  return ms;
}

/** Zero cases would read as "conformant" having checked nothing. */
function atLeastOne(name: string, v: string): number {
  const n = nonNegativeInt(name, v) ?? 0;
  if (n < 1) throw new ConfigError(`--${name} must be at least 1`);
  return n;
}

/** The repository root (this file is src/cli/commands/conformance.ts). */
function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

export function parseConformanceArgs(
  argv: string[],
  env: Readonly<Record<string, string | undefined>>,
): HarnessOptions {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      ...TARGET_FLAGS,
      ...valueFlags(
        'property',
        'runs',
        'seed',
        'replay',
        'time-limit',
        'call-timeout',
        'profile',
        'expectations',
        'transport',
        'out',
      ),
      ...listFlags('suite', 'fault'),
      ...switchFlags('allow-disruptive', 'pin'),
    },
  });
  const base = defaultOptions();
  const wantsEmulator =
    values.target === 'emulator' ||
    (values.target === undefined && values.url === undefined && (env['XAPI_URL'] ?? '') === '');
  const { target: _t, ...targetFlags } = values;
  const resolved = resolveTarget(
    wantsEmulator ? { ...targetFlags, url: undefined } : values,
    wantsEmulator ? { ...env, XAPI_URL: undefined } : env,
  );
  const suites = (values.suite ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const s of suites) {
    if (findArea(s) === undefined)
      throw new ConfigError(`unknown suite ${s}; suites: ${AREA_IDS.join(', ')}`);
  }
  const property = values.property;
  if (property !== undefined) {
    const def = allProperties().find((p) => p.id === property);
    if (def === undefined) {
      const ids = allProperties().map((p) => `  ${p.id}`);
      throw new ConfigError(`unknown property ${property}; properties:\n${ids.join('\n')}`);
    }
    if (suites.length > 0 && !suites.includes(def.area))
      throw new ConfigError(
        `property ${property} is in suite ${def.area}, not in --suite ${suites.join(',')}`,
      );
    if (suites.length === 0) suites.push(def.area);
  }
  const profile = values.profile ?? 'auto';
  if (profile !== 'auto' && profile !== 'sdk-guide' && profile !== 'xapi')
    throw new ConfigError(`--profile: auto, sdk-guide or xapi, not ${profile}`);
  const transport = values.transport ?? 'in-process';
  if (transport !== 'in-process' && transport !== 'http')
    throw new ConfigError(`--transport: in-process or http, not ${transport}`);
  const replay = values.replay === undefined ? undefined : parseReplay(values.replay);
  // A seed and path name one case of one property: without it a replay would run every property at full
  // budget (issue 12 §5).
  if (replay !== undefined && property === undefined)
    throw new ConfigError('--replay needs --property ID (the replay command printed with a failure has it)');
  const faults = values.fault ?? [];
  if (!wantsEmulator && faults.length > 0)
    throw new ConfigError('--fault applies to the emulator target only');
  for (const f of faults)
    if (!isFaultName(f))
      throw new ConfigError(`unknown fault ${f}; faults: ${Object.keys(FAULTS).join(', ')}`);
  return {
    ...base,
    target: wantsEmulator ? 'emulator' : (resolved.url ?? 'emulator'),
    user: resolved.user,
    password: resolved.password,
    ...passwordEnvField(values, env),
    insecure: resolved.insecure,
    suites,
    property,
    runs: values.runs === undefined ? base.runs : atLeastOne('runs', values.runs),
    runsExplicit: values.runs !== undefined,
    seed: replay?.seed ?? nonNegativeInt('seed', values.seed) ?? base.seed,
    replay,
    allowDisruptive: values['allow-disruptive'] === true,
    profile,
    timeLimitMs: values['time-limit'] === undefined ? base.timeLimitMs : durationMs(values['time-limit']),
    timeLimitExplicit: values['time-limit'] !== undefined,
    // A replay's results go apart: it must not wipe the full run it came from (issue 12 §4).
    outDir: values.out ?? (replay !== undefined ? join(base.outDir, 'replay') : base.outDir),
    faults,
    transport,
    expectationsFile: values.expectations,
    pin: values.pin === true,
    callTimeoutMs:
      values['call-timeout'] === undefined ? undefined : durationMs(values['call-timeout'], 'call-timeout'),
  };
}

function passwordEnvField(
  values: { readonly 'password-env'?: string | undefined; readonly password?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): { passwordEnv?: string } {
  const name = passwordEnvOf(values, env);
  return name === undefined ? {} : { passwordEnv: name };
}

/** The variable the password came from, named in printed replay commands. */
function passwordEnvOf(
  values: { readonly 'password-env'?: string | undefined; readonly password?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (values['password-env'] !== undefined) return values['password-env'];
  if (values.password === undefined && (env['XAPI_PASSWORD'] ?? '') !== '') return 'XAPI_PASSWORD';
  return undefined;
}

/** `--list`: every area and property with its id, and what it needs to run (issue 12, features). */
function listText(): string {
  const lines: string[] = [];
  for (const a of AREAS) {
    lines.push(`${a.id} — ${a.title}${a.alone === true ? ' (runs alone on a shared host)' : ''}`);
    for (const p of a.properties) {
      const needs = [
        ...(p.emulatorOnly === true ? ['emulator only'] : []),
        ...(p.disruptive === true ? ['needs --allow-disruptive on a host'] : []),
      ];
      lines.push(`  ${p.id}${needs.length > 0 ? `  [${needs.join('; ')}]` : ''}`);
      lines.push(`      ${p.name}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function harnessVersion(root: string): string {
  try {
    return (
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? ''
    );
  } catch {
    return '';
  }
}

/**
 * The last safety net on a real host (issue 5 §5): whatever VM carries this run's tag — any worker, any
 * case — is destroyed, in case a worker died before its own cleanup. Retried on transport errors.
 */
async function finalSweep(options: HarnessOptions, out: NodeJS.WritableStream): Promise<void> {
  let target;
  try {
    target = await openTarget({ ...options, faults: [] });
  } catch (e) {
    out.write(
      `xapi-harness conformance: final sweep skipped: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return;
  }
  try {
    const report = await sweepTagged(target.client(), target.user, target.password, `${options.runId}:`);
    for (const f of report.failed)
      out.write(`xapi-harness: final sweep could not destroy ${f.ref}: ${f.error}\n`);
    if (report.destroyed.length > 0)
      out.write(
        `conformance: final sweep destroyed ${report.destroyed.length} leftover object(s) (VMs, VDIs)\n`,
      );
  } catch (e) {
    out.write(
      `xapi-harness conformance: final sweep failed: ${e instanceof Error ? e.message : String(e)}\n`,
    );
  } finally {
    await target.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (argv.includes('--list')) {
    process.stdout.write(listText());
    return 0;
  }
  const out = process.stderr;
  let options: HarnessOptions;
  const failFast = argv.includes('--fail-fast');
  try {
    options = parseConformanceArgs(expandNamedTarget(argv.filter((a) => a !== '--fail-fast')), process.env);
  } catch (e) {
    // One line (or the list of valid ids), not the whole help (issue 12, friction).
    out.write(
      `xapi-harness conformance: ${e instanceof Error ? e.message : String(e)}\n(xapi-harness conformance --help lists the options)\n`,
    );
    return EXIT_CODES.setupOrTransport;
  }
  return runConformance(options, 'conformance', failFast);
}

/**
 * A parsed run: conformance, or (command 'diff') a differential run whose options carry side B in `mirror`
 * (src/cli/commands/diff.ts, issue 15): the same properties, runner, results and reports.
 */
export async function runConformance(
  options: HarnessOptions,
  command = 'conformance',
  failFast = false,
): Promise<number> {
  const out = process.stderr;
  const root = repoRoot();
  const outDir = resolve(options.outDir);
  const resultsFile = join(outDir, 'results.json');
  const allureDir = join(outDir, 'allure-results');
  // A report reads out/allure-results and out/results.json together: results of an earlier run left in
  // either would show up beside this run's (or, under another id, twice), load results of an earlier run
  // against another target included (issue 12 §7; `npm start` runs load after conformance, which adds its
  // own). Cleaned before the preflight, so a run stopping at setup leaves nothing old to be reported.
  rmSync(allureDir, { recursive: true, force: true });
  rmSync(resultsFile, { force: true });
  const startedAt = Date.now();
  // Preflight here too, so an unreachable target or a refused login is a clear exit 2 before any suite.
  let pre;
  let targetUrl = 'emulator (in-process)';
  try {
    const target = await openTarget({ ...options, faults: [] });
    try {
      pre = await preflight(target, options.profile);
      targetUrl = target.kind === 'emulator' ? `emulator (${options.transport})` : target.url;
    } finally {
      await target.close();
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // A certificate the client could not verify: say how to accept or trust it (issue 12, friction).
    const tls = /certificate|self[- ]signed|UNABLE_TO_VERIFY|CERT_|TLS/i.test(message)
      ? '\n(a self-signed certificate? --insecure accepts it; XAPI_CA=FILE trusts its CA)'
      : '';
    out.write(`xapi-harness ${command}: setup failed: ${message}${tls}\n`);
    return EXIT_CODES.setupOrTransport;
  }
  // Expectations are checked before anything runs: a missing or broken file, or an id that matches no
  // property, is a setup problem of this run, not twelve broken properties (issue 12, friction).
  const ids = new Set(allProperties().map((p) => p.id));
  const badExpectations =
    expectationsProblem(
      options.expectationsFile,
      join('expectations', `${targetKey(options.target, pre.hostname)}.json`),
      ids,
    ) ??
    (options.mirror === undefined
      ? undefined
      : expectationsProblem(
          options.mirror.expectationsFile,
          mirrorExpectationsDefault(options.mirror.target),
          ids,
        ));
  if (badExpectations !== undefined) {
    out.write(`xapi-harness ${command}: ${badExpectations}\n`);
    return EXIT_CODES.setupOrTransport;
  }
  let mirrorNote = '';
  if (options.mirror !== undefined) {
    try {
      const b = await openMirrorTarget(options);
      try {
        const preB = b === undefined ? undefined : await preflight(b, options.profile);
        if (b !== undefined && preB !== undefined)
          mirrorNote = `side B: ${b.kind === 'emulator' ? 'emulator' : b.url} — ${preB.productBrand} ${preB.productVersion}, ${releaseNote(preB.release)}\n`;
      } finally {
        await b?.close();
      }
    } catch (e) {
      out.write(
        `xapi-harness ${command}: side B: setup failed: ${e instanceof Error ? e.message : String(e)}\n`,
      );
      return EXIT_CODES.setupOrTransport;
    }
  }
  if (mirrorNote !== '')
    out.write(`${command}: side A is the target below; every call is made to side B too\n${mirrorNote}`);
  out.write(
    `${command === 'conformance' ? 'conformance' : `${command} side A`}: ${targetUrl} — ${pre.productBrand} ${pre.productVersion}, API ${pre.apiVersion}, profile ${pre.profile}` +
      `, ${releaseNote(pre.release)}` +
      `${options.faults.length > 0 ? `, faults ${options.faults.join(',')}` : ''}\n` +
      `seed ${options.seed}, run id ${options.runId}, ${options.runs} runs per property${options.runsExplicit === true ? '' : ' (or its own budget; each line shows runs done/asked)'}, ${options.timeLimitMs / 1000} s each\n`,
  );

  const environment: RunEnvironment = {
    targetUrl,
    productBrand: pre.productBrand,
    productVersion: pre.productVersion,
    apiVersion: pre.apiVersion,
    profile: pre.profile === 'xapi' ? 'xapi-current' : 'sdk-guide',
    harnessVersion: harnessVersion(root),
    seed: options.seed,
    runId: options.runId,
    extra: {
      release: releaseNote(pre.release),
      suites: options.suites.length > 0 ? options.suites.join(',') : 'all',
      runs: String(options.runs),
      'time limit': `${options.timeLimitMs / 1000} s`,
      ...(options.callTimeoutMs !== undefined ? { 'call timeout': `${options.callTimeoutMs / 1000} s` } : {}),
      node: process.version,
      ...(options.faults.length > 0 ? { faults: options.faults.join(',') } : {}),
    },
  };
  const selected = AREAS.filter((a) => options.suites.length === 0 || options.suites.includes(a.id));
  const total = selected
    .flatMap((a) => a.properties)
    .filter((p) => options.property === undefined || p.id === options.property).length;
  // Each contract file gets its own emulator when the target is the built-in one, so all run in parallel.
  // On a shared target an area that needs it alone (session storms) runs by itself, last.
  const together = selected.filter((a) => options.target === 'emulator' || a.alone !== true);
  const alone = selected.filter((a) => !together.includes(a));
  const passes = [together, ...alone.map((a) => [a])]
    .filter((p) => p.length > 0)
    .map((p) => p.map((a) => contractFile(a.id)));
  let done = 0;
  const received = await runSuites({
    root,
    passes,
    options: { ...options, outDir, suites: selected.map((a) => a.id) },
    failFast,
    onResult: (r) => out.write(progressLine(r, (done += 1), total)),
  });
  if (options.target !== 'emulator') await finalSweep(options, out);

  // --fail-fast: what the stop left unrun is listed as skipped, with its cause, never silently absent.
  const stopped = failFast ? received.find((r) => r.status === 'failed' || r.status === 'broken') : undefined;
  if (stopped !== undefined) {
    const before = received.length;
    const ran = new Set(received.map((r) => r.id));
    for (const def of selected.flatMap((a) => a.properties)) {
      if (ran.has(def.id) || (options.property !== undefined && def.id !== options.property)) continue;
      received.push({
        id: def.id,
        name: def.name,
        area: def.area,
        feature: def.feature,
        story: def.story,
        status: 'skipped',
        message: `not run: --fail-fast stopped the run at ${stopped.id}`,
        steps: [],
        startedAt: Date.now(),
        durationMs: 0,
      });
    }
    const unrun = received.length - before;
    if (unrun > 0)
      out.write(
        `  - not run: --fail-fast stopped the run at ${stopped.id}: ${unrun} propert${unrun === 1 ? 'y' : 'ies'}\n`,
      );
  }
  // Table order, whatever order the workers finished in.
  const order = new Map(allProperties().map((p, i) => [p.id, i]));
  const sorted: PropertyResult[] = [...received].sort(
    (a, b) => (order.get(a.id) ?? order.size) - (order.get(b.id) ?? order.size),
  );
  // A differential run's results sit under a `diff` parent suite in Allure and JUnit (issue 15).
  const properties =
    command === 'diff' ? sorted.map((p) => ({ ...p, area: 'diff', feature: p.area })) : sorted;
  const results: RunResults = {
    format: RESULTS_FORMAT,
    environment,
    properties,
    startedAt,
    finishedAt: Date.now(),
  };
  await writeRunResults(resultsFile, results);
  // The one path to Allure: the run's own results (the load part is the load command's to write).
  await writeRunResultsToAllure(allureDir, results);

  for (const p of properties) {
    if (p.status === 'passed' || p.status === 'inconclusive' || p.counterexample === undefined) continue;
    out.write(
      `\n${p.status === 'failed' ? 'CONTRACT VIOLATION' : p.status.toUpperCase()} ${p.id}\n${p.counterexample.text}\n`,
    );
  }
  // Counterexamples stay short (issue 17 item 5): their median length, as results.json counts each.
  const lengths = properties.flatMap((p) =>
    p.status === 'failed' && p.counterexample?.length !== undefined ? [p.counterexample.length.calls] : [],
  );
  if (lengths.length > 0)
    out.write(
      `\ncounterexamples: median ${medianCalls(lengths)} calls over ${lengths.length} failed propert${lengths.length === 1 ? 'y' : 'ies'} ` +
        `(${lengths.join(', ')}; the case's login and setup reads are shown as setup and not counted)\n`,
    );
  const count = (s: string) => properties.filter((p) => p.status === s).length;
  const code = exitCodeForStatuses(
    properties.map((p) => ({ status: p.status, ...(p.kind === undefined ? {} : { kind: p.kind }) })),
  );
  // Transition coverage (issue 17 item 1): what each property reached of the transitions it declares.
  const covered = properties.filter((p) => (p.stats?.coverage?.declared ?? 0) > 0);
  if (covered.length > 0) out.write('\ntransition coverage (message × source state × outcome):\n');
  for (const p of covered) {
    const c = p.stats?.coverage;
    if (c === undefined) continue;
    const never = c.unreached.length === 0 ? '' : ` — never reached: ${c.unreached.join('; ')}`;
    out.write(`  ${p.id}: ${c.declared - c.unreached.length}/${c.declared}${never}\n`);
  }
  for (const p of properties) {
    if (p.pinnedTo !== undefined)
      out.write(`\npinned ${p.id}: ${p.pinnedTo} (replayed first on every run)\n`);
    if (p.pinnedFrom !== undefined)
      out.write(`\n${p.id}: the pinned regression ${p.pinnedFrom} still fails\n`);
  }
  for (const p of properties.filter((x) => x.status === 'inconclusive'))
    out.write(`\nINCONCLUSIVE ${p.id}: ${p.message ?? ''}\n`);
  out.write(
    `\n${command}: ${count('passed')} passed, ${count('failed')} failed, ${count('broken')} broken, ` +
      `${count('inconclusive')} inconclusive, ${count('skipped')} skipped ` +
      `in ${((Date.now() - startedAt) / 1000).toFixed(1)} s — results in ${join(options.outDir, 'results.json')} — exit ${code} (${EXIT_MEANINGS[code]})\n`,
  );
  return code;
}
