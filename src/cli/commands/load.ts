// `xapi-harness load <scenario>` runs a load scenario (k6 vocabulary: executors, thresholds, checks) against
// a target — by default an emulator started in this process on a free port — prints the end-of-test summary,
// writes it as JSON (mergeable) and HTML, and exits non-zero when a threshold fails.
// `xapi-harness load merge <files…>` merges shard summaries and judges the thresholds again.
// Exit codes follow the project's table (src/results/exit-code.ts, README): 0 every threshold passed;
// 1 a threshold failed (or aborted the run: abortOnFail); 2 setup or transport problem, bad flags, or a run
// whose generator saturated (its figures describe the generator, not the target).
// DEVIATION from k6 (which exits 99 on failed thresholds): one exit-code table for the whole harness.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, resolveTarget, TARGET_FLAGS } from '../../client/resolve-target.ts';
import type { Emulator } from '../../emulator/index.ts';
import {
  createProgress,
  formatSummaryText,
  isLoadSummary,
  mergeSummaries,
  parseDuration,
  parseShard,
  preflightLogin,
  runLoad,
  testLengthMs,
  WHOLE,
} from '../../load/index.ts';
import type { LoadDefinition, LoadOverrides, LoadSummary, RunParams } from '../../load/index.ts';
import { readRunResults, RESULTS_FORMAT, writeRunResults } from '../../results/index.ts';
import type { RunResults } from '../../results/index.ts';
import { HELP_FLAG, positiveNumber, switchFlags, valueFlags } from '../flag-values.ts';
import { writeLoadSummary } from '../../../reports/load/index.ts';
import { SCENARIO_NAMES, scenarioUrl } from '../../../scenarios/index.ts';
import type { ScenarioName } from '../../../scenarios/index.ts';

const USAGE = `usage: xapi-harness load <scenario|file.scenario.ts> [options]
       xapi-harness load merge <summary.json>... [--out DIR] [--results FILE] [--allow-saturated]
       xapi-harness load list

Runs a load scenario (built-in: ${SCENARIO_NAMES.join(', ')}).

target:
  --target emulator|URL    default: an emulator started in this process on a free port
  --user U                 (default root; env XAPI_USER)
  --password-env VAR       read the password from VAR (env XAPI_PASSWORD)
  --insecure               accept a self-signed certificate (env XAPI_INSECURE=1)
  --ca FILE                trust this PEM CA
  --protocol xmlrpc|jsonrpc
  --session-policy P       emulator only: sdk-guide (default) or xapi
  --inventory SPEC         emulator only: build this scaled pool at start, e.g. hosts=64,vms=50000[,seed=N]
                           (default: the scenario's own, pool-scale hosts=8,vms=1000; else none)
  --allow-disruptive       allow scenarios with host-wide effects (session-storm) on a real host
load:
  --duration D             rescale the test timeline to D (e.g. 5s, 1m30s)
  --vus N                  VUs per scenario (closed model) / preAllocatedVUs (open model)
  --rate N                 iterations per timeUnit of arrival-rate scenarios
  --shard i/n              run shard i of n (1-based): VUs and rates split, sums equal the totals
  --workers N              generator threads (default: cores, minus one for an in-process emulator)
  --start-at TIME          start the scenarios at this ISO time or epoch ms (after VU set-up): aligns shards
  --run-id ID              tag for created objects (other_config xapi-harness-run); shared by all shards
  --export NAME            the definition's export name in a scenario file (default: scenario)
output:
  --out DIR                summaries (JSON, HTML) go here (default out/load)
  --results FILE           add the load report to this results file (default out/results.json; not for shards)
  --quiet                  no progress line
  --allow-saturated        a saturated generator is reported but does not fail the run (exit 0, not 2)
  --smoke                  a smoke check: --allow-saturated and one generator thread

exit: 0 thresholds passed · 1 a threshold failed · 2 setup/transport problem, interrupted, or saturated generator
      (with --shard i/n, n > 1: 0 once the shard summary is written; \`load merge\` gives the verdict)
`;

const LOAD_FLAGS = {
  ...TARGET_FLAGS,
  ...valueFlags(
    'duration',
    'vus',
    'rate',
    'shard',
    'workers',
    'out',
    'results',
    'run-id',
    'start-at',
    'export',
    'session-policy',
    'inventory',
  ),
  ...switchFlags('allow-disruptive', 'allow-saturated', 'quiet', 'smoke'),
  ...HELP_FLAG,
};

function exitCode(s: LoadSummary, allowSaturated: boolean): number {
  if (!s.passed) return 1;
  // Interrupted (SIGINT/SIGTERM) with every threshold passing so far: nothing conclusive.
  if (s.aborted !== undefined) return 2;
  return s.valid || allowSaturated ? 0 : 2;
}

function parseStartAt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(n)) throw new ConfigError(`--start-at: not an ISO time or epoch ms: ${text}`);
  return n;
}

async function loadDefinition(
  nameOrPath: string,
  exportName: string,
): Promise<{ def: LoadDefinition; url: string }> {
  const url = (SCENARIO_NAMES as readonly string[]).includes(nameOrPath)
    ? scenarioUrl(nameOrPath as ScenarioName).href
    : pathToFileURL(resolve(nameOrPath)).href;
  if (!(SCENARIO_NAMES as readonly string[]).includes(nameOrPath) && !existsSync(resolve(nameOrPath))) {
    throw new ConfigError(
      `unknown scenario '${nameOrPath}' (built-in: ${SCENARIO_NAMES.join(', ')}; or a file path)`,
    );
  }
  const mod = (await import(url)) as Record<string, unknown>;
  const def = mod[exportName];
  if (typeof def !== 'object' || def === null || !('options' in def) || !('functions' in def)) {
    throw new ConfigError(`${nameOrPath}: no load definition exported as '${exportName}'`);
  }
  return { def: def as LoadDefinition, url };
}

/** Puts the load summary into the run's results file (created when absent), for the Allure writer. */
async function recordResults(file: string, summary: LoadSummary, profile: string): Promise<void> {
  let results: RunResults;
  if (existsSync(file)) {
    results = { ...(await readRunResults(file)), load: summary, finishedAt: Date.now() };
  } else {
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    results = {
      format: RESULTS_FORMAT,
      environment: {
        targetUrl: summary.target,
        productBrand: '',
        productVersion: '',
        apiVersion: '',
        profile,
        harnessVersion: pkg.version ?? '',
        seed: 0,
        extra: { 'load scenario': summary.name },
      },
      properties: [],
      load: summary,
      startedAt: Date.parse(summary.startedAt),
      finishedAt: Date.now(),
    };
  }
  await writeRunResults(file, results);
}

/**
 * Prints the summary and writes it (JSON, HTML, and into the results file): the same summary everywhere,
 * with where it came from and whether a saturated generator is accepted.
 */
async function emit(
  run: LoadSummary,
  out: string,
  results: string | undefined,
  profile: string,
  scenarioFile?: string,
  saturationAccepted = false,
): Promise<void> {
  const summary: LoadSummary = {
    ...run,
    ...(scenarioFile === undefined ? {} : { scenarioFile }),
    ...(saturationAccepted ? { saturationAccepted: true } : {}),
  };
  process.stdout.write(formatSummaryText(summary));
  const written = await writeLoadSummary(summary, out);
  process.stderr.write(`summary: ${written.json}\n         ${written.html}\n`);
  if (results !== undefined) await recordResults(results, { ...summary, summaryHtml: written.html }, profile);
}

async function runMerge(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...valueFlags('out', 'results'), ...switchFlags('allow-saturated'), ...HELP_FLAG },
  });
  if (values.help === true || positionals.length === 0) {
    process.stdout.write(USAGE);
    return values.help === true ? 0 : 2;
  }
  const parts: LoadSummary[] = [];
  for (const file of positionals) {
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw new ConfigError(
        code === 'ENOENT'
          ? `${file}: no such file`
          : err instanceof SyntaxError
            ? `${file}: not JSON (${err.message})`
            : `${file}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (!isLoadSummary(data)) throw new ConfigError(`${file}: not a load summary`);
    parts.push(data);
  }
  const merged = mergeSummaries(parts);
  const out = values.out ?? dirname(positionals[0] ?? '.');
  const accepted = values['allow-saturated'] === true;
  await emit(merged, out, values.results, 'merged', undefined, accepted);
  return exitCode(merged, accepted);
}

async function runList(): Promise<number> {
  for (const name of SCENARIO_NAMES) {
    const { def } = await loadDefinition(name, 'scenario');
    process.stdout.write(
      `${name.padEnd(16)} ${def.description ?? ''}${def.disruptive === true ? ' [disruptive]' : ''}\n`,
    );
  }
  return 0;
}

async function runScenario(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: LOAD_FLAGS,
    strict: true,
  });
  if (values.help === true || positionals.length !== 1) {
    process.stdout.write(USAGE);
    return values.help === true ? 0 : 2;
  }
  const name = positionals[0] ?? '';
  const { def, url } = await loadDefinition(name, values.export ?? 'scenario');
  const overrides: LoadOverrides = {
    ...(values.duration === undefined ? {} : { durationMs: parseDuration(values.duration) }),
    ...(values.vus === undefined ? {} : { vus: Math.round(positiveNumber('vus', values.vus) ?? 1) }),
    ...(values.rate === undefined ? {} : { rate: positiveNumber('rate', values.rate) ?? 1 }),
  };
  const shard = values.shard === undefined ? WHOLE : parseShard(values.shard);
  const wantsEmulator =
    values.target === undefined ? process.env['XAPI_URL'] === undefined : values.target === 'emulator';
  const smoke = values.smoke === true;
  const runId = values['run-id'] ?? `load-${Date.now().toString(36)}`;
  const passthrough = Object.fromEntries(
    ['XAPI_TEMPLATE', 'EVENT_TIMEOUT_S'].flatMap((k) =>
      process.env[k] === undefined ? [] : [[k, process.env[k] ?? '']],
    ),
  );
  let emulator: Emulator | undefined;
  let params: RunParams;
  let target: string;
  let profile: string;
  const policy = values['session-policy'] ?? 'sdk-guide';
  if (policy !== 'sdk-guide' && policy !== 'xapi')
    throw new ConfigError(`--session-policy: sdk-guide or xapi, not ${policy}`);
  const protocol = values.protocol ?? 'xmlrpc';
  if (values.inventory !== undefined && !wantsEmulator)
    throw new ConfigError('--inventory builds the in-process emulator: it does not apply to --target URL');
  if (wantsEmulator) {
    const { createEmulator } = await import('../../emulator/index.ts');
    const { parseInventory } = await import('../../emulator/inventory/inventory-spec.ts');
    const inventoryText = values.inventory ?? def.emulatorInventory;
    const inventory = inventoryText === undefined ? undefined : parseInventory(inventoryText);
    if (inventory !== undefined)
      process.stderr.write(
        `emulator: building the inventory ${inventory.hosts ?? def.emulatorHosts ?? 1} host(s), ${inventory.vms} VMs (seed ${inventory.seed})\n`,
      );
    emulator = await createEmulator({
      port: 0,
      dbPath: ':memory:',
      authFailureDelayMs: 0,
      sessionPolicy: policy,
      // The inventory's hosts, when it names them, are the pool's size.
      ...(def.emulatorHosts === undefined || inventory?.hosts !== undefined
        ? {}
        : { hosts: def.emulatorHosts }),
      ...(inventory === undefined ? {} : { inventory }),
    });
    params = {
      url: emulator.url,
      user: emulator.user,
      password: emulator.password,
      env: { XAPI_HARNESS_RUN: runId, XAPI_PROTOCOL: protocol, ...passthrough },
    };
    target = `emulator (in-process, ${emulator.url}, ${policy} sessions)`;
    profile = policy;
  } else {
    const { target: _t, ...rest } = values;
    const config = resolveTarget(
      { ...rest, ...(values.target === undefined ? {} : { url: values.target }) },
      process.env,
    );
    if (config.url === undefined) throw new ConfigError('no target URL');
    if (def.disruptive === true && values['allow-disruptive'] !== true) {
      throw new ConfigError(
        `${def.name} is disruptive (it affects other clients of the host): pass --allow-disruptive`,
      );
    }
    const xapiScenario = (def.requestMetric ?? 'xapi_req') === 'xapi_req';
    // An XAPI scenario needs a password: sending an empty one only makes every VU's login fail.
    if (xapiScenario && config.password === undefined)
      throw new ConfigError(
        `no password for ${config.user ?? 'root'}: pass --password-env VAR (or set XAPI_PASSWORD)`,
      );
    params = {
      url: config.url,
      insecure: config.insecure,
      ...(config.caFile === undefined ? {} : { ca: await readFile(config.caFile, 'utf8') }),
      user: config.user ?? 'root',
      password: config.password ?? '',
      env: { XAPI_HARNESS_RUN: runId, XAPI_PROTOCOL: config.protocol, ...passthrough },
    };
    target = config.url;
    profile = 'target';
    if (xapiScenario) {
      const problem = await preflightLogin(params, config.protocol);
      if (problem !== undefined) throw new ConfigError(`preflight: ${problem}`);
    }
  }
  const cores = availableParallelism();
  const workers =
    values.workers !== undefined
      ? Math.round(positiveNumber('workers', values.workers) ?? 1)
      : smoke
        ? 1
        : Math.max(1, wantsEmulator ? cores - 1 : cores);
  const startAt = parseStartAt(values['start-at']);
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const totalMs = overrides.durationMs ?? testLengthMs(def.options.scenarios);
  const progress =
    values.quiet === true
      ? undefined
      : createProgress({ stream: process.stderr, isTty: process.stderr.isTTY, totalMs });
  process.stderr.write(
    `load ${def.name}: ${target}, ${workers} generator thread(s), shard ${shard.index + 1}/${shard.count}, run ${runId}\n`,
  );
  let summary: LoadSummary;
  try {
    summary = await runLoad(def, {
      params,
      overrides,
      shard,
      workers,
      module: { url, exportName: values.export ?? 'scenario' },
      target,
      cpuIncludesTarget: wantsEmulator,
      signal: controller.signal,
      ...(startAt === undefined ? {} : { startAt }),
      ...(progress === undefined ? {} : { onTick: progress.onTick }),
    });
  } finally {
    progress?.done();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await emulator?.close();
  }
  const out = values.out ?? 'out/load';
  const results = shard.count > 1 ? undefined : (values.results ?? 'out/results.json');
  const accepted = smoke || values['allow-saturated'] === true;
  await emit(summary, out, results, profile, relative(process.cwd(), fileURLToPath(url)), accepted);
  // One shard of several is judged by `load merge` (thresholds on the merged histograms): a shard exits 0
  // once its summary is written, so an orchestrator (k8s Indexed Job) always reaches the merge step.
  if (shard.count > 1) return 0;
  return exitCode(summary, accepted);
}

export async function run(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'merge') return await runMerge(argv.slice(1));
    if (argv[0] === 'list') return await runList();
    return await runScenario(argv);
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof RangeError ||
      err instanceof SyntaxError ||
      (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      process.stderr.write(`xapi-harness load: ${(err as Error).message}\n`);
      return 2;
    }
    process.stderr.write(
      `xapi-harness load: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 2;
  }
}
