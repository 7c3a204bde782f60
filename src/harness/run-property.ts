// Runs one property: pinned regressions first, then random cases within the budget; shrinks failures;
// turns the outcome into a PropertyResult (trace, seed, path, replay command, stats) with the target's
// expectations applied (a known deviation is reported, an unexpected pass is a failure).
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { PropertyResult } from '../results/index.ts';
import {
  counterexampleLength,
  firstDifference,
  formatTraceText,
  judgeCompleteness,
  minimumCases,
  replayCommand,
  runOutcomeFromDetails,
} from '../results/index.ts';
import type { CallStep } from '../results/index.ts';
import type { XapiClient } from '../client/index.ts';
import { isTransportError } from '../client/index.ts';
import { cleanupRun, retryOnTransport, sweepTagged } from './cleanup.ts';
import { readDefaultSr } from './default-sr.ts';
import { ContractViolation } from '../results/index.ts';
import { Driver } from './driver.ts';
import { DEFAULT_VOLATILE } from './mirror/compare-answers.ts';
import { Mirror, SettleWindow } from './mirror/mirror.ts';
import { TransitionCoverage } from './transition-coverage.ts';
import type { Expectations } from './expectations.ts';
import type { PropertyContext, PropertyDef } from './property.ts';
import { loadRegressions, pinRegression } from './regressions.ts';
import { replayArgs } from './replay-args.ts';
import { propertySeed } from './run-options.ts';
import type { Target } from './target.ts';

let caseCounter = 0;

/**
 * Reads the VM records so that templates and dom0 are known to the model, and the pool's default SR (where a
 * case's VMs get their disks: default-sr.ts). The template and SR lookup of every case, shown as setup.
 */
async function defaultSetup(driver: Driver): Promise<void> {
  await driver.call('VM.get_all_records', [driver.session]);
  await readDefaultSr(driver);
}

function tasksOf(driver: Driver): string[] {
  return [...driver.state.tasks.keys()];
}

/** fast-check prints which commands ran as /*replayPath="…"*\/ after a command-sequence counterexample. */
function commandsPathOf(details: fc.RunDetails<[unknown]>): string | undefined {
  return /replayPath="([^"]+)"/.exec(fc.stringify(details.counterexample?.[0] ?? ''))?.[1];
}

/**
 * The commands as fast-check hands them over, each counting itself on the driver when it runs (its check
 * passed): the counterexample's command count. Lazy, so fast-check still sees which of its commands ran.
 */
function* countedCommands(
  cmds: Iterable<fc.AsyncCommand<Driver, Driver>>,
  d: Driver,
): Iterable<fc.AsyncCommand<Driver, Driver>> {
  for (const c of cmds)
    yield {
      check: (m) => c.check(m),
      run: async (m, r) => {
        d.commandsRun += 1;
        await c.run(m, r);
      },
      toString: () => c.toString(),
    };
}

/** How many times the pilot case's cost the minimum of cases is given: later cases are larger. */
const PILOT_MARGIN = 3;
/** The most a fitted limit may grow: this many times the base limit (10 s by default: 5 min). */
const MAX_SCALE = 30;

/**
 * The time limit for `minimum` cases at the pilot's pace: never below the base, never above MAX_SCALE
 * times it; the note says what was measured, for the report.
 */
export function fitTimeLimit(
  baseMs: number,
  pilotCaseMs: number,
  minimum: number,
): { timeLimitMs: number; note?: string } {
  const needed = Math.ceil(pilotCaseMs * minimum * PILOT_MARGIN);
  if (needed <= baseMs) return { timeLimitMs: baseMs };
  const capped = Math.min(needed, baseMs * MAX_SCALE);
  const s = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;
  const note =
    `time limit ${s(capped)} instead of ${s(baseMs)}: the first case took ${s(pilotCaseMs)}` +
    (capped < needed
      ? `, and ${minimum} cases would need ${s(needed)} (capped at ${MAX_SCALE}× the base)`
      : '');
  return { timeLimitMs: capped, note };
}

/** A property's own budget, fixed or computed from the target (PropertyDef.numRuns / timeLimitMs). */
function budgetOf(
  b: number | ((ctx: PropertyContext) => number | undefined) | undefined,
  ctx: PropertyContext,
): number | undefined {
  return typeof b === 'function' ? b(ctx) : b;
}

/** One case against a (possibly dedicated) target, with cleanup whatever happens. */
async function runCase(
  def: PropertyDef,
  ctx: PropertyContext,
  run: (driver: Driver) => Promise<void>,
  onSteps: (
    s: readonly CallStep[],
    failed: boolean,
    environmental: readonly string[],
    commands: number,
  ) => void,
  coverage?: TransitionCoverage,
  settle?: SettleWindow,
  isolated = false,
): Promise<number> {
  // An isolated case (a differential run's, once one diverged: runProperty) starts from a fresh emulator on
  // each side that is one.
  const dedicatedOptions =
    ctx.target.kind === 'emulator' ? (def.dedicated?.(ctx) ?? (isolated ? {} : undefined)) : undefined;
  const target: Target =
    dedicatedOptions !== undefined && ctx.target.fresh !== undefined
      ? await ctx.target.fresh(dedicatedOptions)
      : ctx.target;
  // Side B gets the dedicated emulator side A gets, or a fresh one of its own (issue 15).
  const mirrorTarget: Target | undefined =
    ctx.mirror?.fresh !== undefined && (dedicatedOptions !== undefined || isolated)
      ? await ctx.mirror.fresh(dedicatedOptions ?? {})
      : ctx.mirror;
  caseCounter += 1;
  const runTag = `${ctx.options.runId}:${process.pid}.${caseCounter}`;
  const client = target.client(def.client);
  const mirror =
    mirrorTarget === undefined
      ? undefined
      : new Mirror({
          client: mirrorTarget.client(def.client),
          ...(mirrorTarget.clientAt === undefined
            ? {}
            : { clientAt: (address: string) => mirrorTarget.clientAt!(address, def.client) }),
          userA: target.user,
          passwordA: target.password,
          userB: mirrorTarget.user,
          passwordB: mirrorTarget.password,
          volatile: new Set([...DEFAULT_VOLATILE, ...(ctx.options.mirror?.volatile ?? [])]),
          ...(settle === undefined ? {} : { settle }),
        });
  const config = { ...ctx.config, ...def.config?.(ctx) };
  const driver = new Driver({
    client,
    ...(target.clientAt === undefined
      ? {}
      : { clientAt: (address: string) => target.clientAt!(address, def.client) }),
    config,
    runId: runTag,
    user: target.user,
    password: target.password,
    ...(coverage === undefined ? {} : { coverage }),
    ...(mirror === undefined ? {} : { mirror }),
    // Under the xapi policy the run's sessions form their own GC group, apart from other clients'.
    originator:
      config.policy.name === 'xapi' && target.kind === 'remote' ? `xapi-harness-${ctx.options.runId}` : '',
  });
  let failed = true;
  try {
    // The login and the property's setup are the case's setup: shown in the trace, not counted in its length.
    await driver.asSetup(async () => {
      await driver.login();
      await (def.setup ?? defaultSetup)(driver);
    });
    await run(driver);
    failed = false;
  } finally {
    onSteps(driver.steps, failed, driver.environmental, driver.commandsRun);
    const live = [...driver.state.sessions.values()].filter((s) => s.alive).map((s) => s.ref);
    await cleanupCase(client, target, runTag, live, tasksOf(driver));
    if (mirror !== undefined && mirrorTarget !== undefined) {
      await cleanupCase(mirror.client, mirrorTarget, runTag, mirror.sessions, []);
      if (mirrorTarget !== ctx.mirror) await mirrorTarget.close();
    }
    if (target !== ctx.target) await target.close();
  }
  return driver.calls;
}

/**
 * Cleanup never masks the case's own outcome: a problem here is reported on stderr, and a dead target shows
 * up in the next case anyway.
 */
async function cleanupCase(
  client: XapiClient,
  target: Target,
  runTag: string,
  sessions: readonly string[],
  tasks: readonly string[],
): Promise<void> {
  try {
    // Retried as a whole when no XAPI answered: a flaky network must not leave the case's objects behind.
    await retryOnTransport(async () => {
      const admin = await client.attempt('session.login_with_password', [target.user, target.password]);
      if (!admin.ok || typeof admin.value !== 'string') return;
      try {
        const report = await cleanupRun(client, admin.value, runTag, { sessions, tasks });
        for (const f of report.failed)
          process.stderr.write(`xapi-harness: cleanup could not destroy ${f.ref}: ${f.error}\n`);
      } finally {
        await client.attempt('session.logout', [admin.value]).catch(() => undefined);
      }
    });
  } catch (e) {
    process.stderr.write(`xapi-harness: cleanup failed: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}

/**
 * The second safety net: after the property, every VM this process tagged in this run (all its cases) is
 * destroyed, in case a case's own cleanup could not finish. Other processes' objects have other tags.
 */
async function sweepAfterProperty(ctx: PropertyContext): Promise<void> {
  const client = ctx.target.client();
  try {
    const report = await sweepTagged(
      client,
      ctx.target.user,
      ctx.target.password,
      `${ctx.options.runId}:${process.pid}.`,
    );
    for (const f of report.failed)
      process.stderr.write(`xapi-harness: sweep could not destroy ${f.ref}: ${f.error}\n`);
  } catch (e) {
    process.stderr.write(`xapi-harness: sweep failed: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}

/** Command sequences of at least `min` commands (CaseSource.minCommands); the arbitrary itself without one. */
function atLeast<T>(arb: fc.Arbitrary<Iterable<T>>, min: number | undefined): fc.Arbitrary<Iterable<T>> {
  return min === undefined ? arb : arb.filter((cmds) => [...cmds].length >= min);
}

interface RunPropertyOptions {
  readonly expectations: Expectations;
  /** Relative suite file, for reports. */
  readonly file?: string;
}

export async function runProperty(
  def: PropertyDef,
  ctx: PropertyContext,
  opts: RunPropertyOptions,
): Promise<PropertyResult> {
  const startedAt = Date.now();
  const base = {
    id: def.id,
    name: def.name,
    area: def.area,
    feature: def.feature,
    story: def.story,
    ...(opts.file === undefined ? {} : { file: opts.file }),
  };
  const skip = skipReason(def, ctx);
  if (skip !== undefined) {
    return { ...base, status: 'skipped', message: skip, steps: [], startedAt, durationMs: 0 };
  }
  let calls = 0;
  let retries = 0;
  let lastSteps: readonly CallStep[] = [];
  let lastFailingSteps: readonly CallStep[] | undefined;
  let lastFailingCommands = 0;
  let transportFailure: unknown;
  // Cases that met an environmental failure (Driver.noteEnvironmental / abandonCase), counted for the
  // inconclusive verdict (results/inconclusive.ts); reset before the main run so pinned replays do not count.
  const env = { completed: 0, abandoned: 0, reasons: new Map<string, number>() };
  const replay = ctx.options.replay;
  // Transition coverage over every case of the run (issue 17 item 1); steering commands read it.
  // Declared against the property's own model configuration (its session policy), as its cases run.
  const coverage = new TransitionCoverage(
    def.transitions?.({ ...ctx, config: { ...ctx.config, ...def.config?.(ctx) } }) ?? [],
  );
  // Differential runs: side B's task settle window, shortened for the property once B misses it (mirror.ts).
  const settle = new SettleWindow();
  // Differential runs (issue 15): what a case leaves behind on one side only (a VM whose lost tag hides it
  // from the cleanup, a template a faulty side started) shows in the cases after it, so a shrunk sequence
  // could diverge only after them, and its replay, run alone, would not. Once a case has diverged, every
  // later case (shrinking) starts from fresh emulators on each side that is one; a counterexample found
  // before that is confirmed the same way (below). Until then the cases share the emulators: a fresh pair
  // per case would double the cost of the runs that find nothing.
  const isolation = { on: replay !== undefined, lastFailing: false };
  // Steering commands (cover-transition.ts) aim at what the coverage has not reached. While cases are generated
  // that is the run's coverage so far, which grows from case to case; once a case failed, every case (the shrunk
  // ones) steers from what the failing case started with, and so does a replay, whose --replay carries it
  // (reachedMask): a shrunk case does what it did when it failed, and what its replay will do.
  let steerFrom: string | undefined = replay === undefined ? undefined : (replay.reached ?? '');
  const body = async (run: (driver: Driver) => Promise<void>): Promise<void> => {
    // After a transport failure every case fails at once: shrinking is cheap and the result is "broken".
    if (transportFailure !== undefined) throw transportFailure as Error;
    const isolated = ctx.mirror !== undefined && isolation.on;
    const startedFrom = steerFrom ?? coverage.reachedMask();
    try {
      await runCase(
        def,
        ctx,
        run,
        (steps, failed, environmental, commands) => {
          if (failed && environmental.length === 0) {
            isolation.lastFailing = isolated;
            isolation.on = true;
          }
          calls += steps.length;
          retries += steps.filter((s) => s.retried === true).length;
          lastSteps = steps;
          if (failed && environmental.length === 0) {
            steerFrom ??= startedFrom;
            lastFailingSteps = steps;
            lastFailingCommands = commands;
          }
          if (environmental.length > 0) {
            if (failed) env.abandoned += 1;
            else env.completed += 1;
            for (const r of environmental) env.reasons.set(r, (env.reasons.get(r) ?? 0) + 1);
          }
        },
        steerFrom === undefined ? coverage : coverage.fork(startedFrom),
        settle,
        isolated,
      );
    } catch (e) {
      if (isTransportError(e)) transportFailure = e;
      throw e;
    }
  };
  const src = def.cases(ctx);
  const makeProperty = (commandsPath: string | undefined) =>
    (src.kind === 'commands'
      ? fc.asyncProperty(
          atLeast(
            fc.commands([...src.commands], {
              maxCommands: src.maxCommands,
              size: 'medium',
              ...(commandsPath === undefined ? {} : { replayPath: commandsPath }),
            }),
            src.minCommands,
          ),
          (cmds) => body((d) => fc.asyncModelRun(() => ({ model: d, real: d }), countedCommands(cmds, d))),
        )
      : fc.asyncProperty(fc.constant(src.name), () => body(src.run))) as unknown as fc.IAsyncProperty<
      [unknown]
    >;
  const prop = makeProperty(replay?.commands);
  // A replay runs the one case its path names.
  // `--runs N` is honoured by every property (issue 12 §12); without it a property's own budget holds.
  const ownRuns = budgetOf(def.numRuns, ctx);
  const asked =
    replay?.path !== undefined
      ? 1
      : src.kind === 'single' && ownRuns === 1
        ? 1
        : ctx.options.runsExplicit === true
          ? ctx.options.runs
          : (ownRuns ?? ctx.options.runs);
  const minimum = Math.min(asked, def.minRuns ?? minimumCases(asked));
  const ownTimeLimit = budgetOf(def.timeLimitMs, ctx);
  let timeLimitMs = ownTimeLimit ?? ctx.options.timeLimitMs;
  let budgetNote: string | undefined;
  const seed = replay?.seed ?? propertySeed(ctx.options.seed, def.id);
  // Pinned regressions replay first; the first one that still fails is the result.
  const pinned = replay === undefined ? loadRegressions().filter((r) => r.property === def.id) : [];
  let details: fc.RunDetails<[unknown]> | undefined;
  let pinnedFrom: string | undefined;
  try {
    for (const r of pinned) {
      let d: fc.RunDetails<[unknown]>;
      steerFrom = r.reached ?? '';
      try {
        d = await fc.check(makeProperty(r.commands), { seed: r.seed, path: r.path, endOnFailure: true });
      } catch (e) {
        // The generators changed since it was pinned: the file names a case that no longer exists.
        throw new Error(
          `regression file ${r.file ?? r.property} no longer replays (${e instanceof Error ? e.message : String(e)}); delete it or pin again`,
        );
      }
      if (d.failed) {
        details = d;
        pinnedFrom = r.file;
        break;
      }
    }
    if (details === undefined) steerFrom = replay === undefined ? undefined : (replay.reached ?? '');
    // Budgets that fit the target (issue 11 §5): the default time limit was set for the in-process emulator.
    // A pilot runs the property's first case (the main run's first case: same seed) and the limit grows to
    // what the minimum of cases costs at that pace. A failing pilot is the main run's own first failure,
    // shrunk the same way, so it is the result. An explicit --time-limit is taken as given.
    if (
      details === undefined &&
      replay === undefined &&
      ownTimeLimit === undefined &&
      ctx.options.timeLimitExplicit !== true &&
      asked > 1
    ) {
      const t0 = performance.now();
      const pilot = await fc.check(prop, { seed, numRuns: 1, maxSkipsPerRun: 1 });
      if (pilot.failed && pilot.counterexample !== null) details = pilot;
      else {
        const fitted = fitTimeLimit(timeLimitMs, performance.now() - t0, minimum);
        timeLimitMs = fitted.timeLimitMs;
        budgetNote = fitted.note;
      }
    }
    env.completed = 0;
    env.abandoned = 0;
    env.reasons.clear();
    const main = () =>
      fc.check(prop, {
        seed,
        numRuns: asked,
        // A replay re-runs exactly the shrunk case the path names (fast-check replayPath).
        ...(replay?.path !== undefined ? { path: replay.path, endOnFailure: true } : {}),
        interruptAfterTimeLimit: timeLimitMs,
        // Cases abandoned on an environmental failure are fast-check skips (Driver.abandonCase): each may be
        // replaced once, so a host failing every VM.start is not retried hundreds of times.
        maxSkipsPerRun: 1,
        markInterruptAsFailure: false,
      });
    details ??= await main();
    // A differential counterexample last seen on emulators earlier cases had used (no shrunk sequence failed
    // after it) is run again alone, from fresh ones. Failing, it is the result, as its replay will show it; not
    // failing, it diverged only after the cases before it, and the property runs again with every case isolated.
    if (
      ctx.mirror !== undefined &&
      details.failed &&
      !isolation.lastFailing &&
      details.counterexample !== null
    ) {
      isolation.on = true;
      const again = await fc.check(makeProperty(commandsPathOf(details)), {
        seed: details.seed,
        ...(details.counterexamplePath === null ? {} : { path: details.counterexamplePath }),
        endOnFailure: true,
      });
      details = again.failed ? again : await main();
    }
  } catch (e) {
    // fast-check itself refused (e.g. a replay path that does not fit this property): a harness problem.
    return {
      ...base,
      status: 'broken',
      kind: 'harness',
      message: e instanceof Error ? e.message : String(e),
      steps: lastSteps,
      seed,
      startedAt,
      durationMs: Date.now() - startedAt,
    };
  }
  await sweepAfterProperty(ctx);
  if (ctx.mirror !== undefined) await sweepAfterProperty({ ...ctx, target: ctx.mirror });
  const outcome = runOutcomeFromDetails(details);
  const durationMs = Date.now() - startedAt;
  const environmental = env.completed + env.abandoned;
  const stats = {
    ...outcome.stats,
    asked,
    minimum,
    timeLimitMs,
    ...(budgetNote === undefined ? {} : { budget: budgetNote }),
    ...(retries > 0 ? { retries } : {}),
    ...(environmental > 0 ? { environmental } : {}),
    calls,
    coverage: coverage.table(),
  };
  const deviation = opts.expectations.lookup(def.id);
  // No counterexample: passed as far as it went, cut before its first case, or every case skipped. Enough
  // conclusive cases make a verdict; too few make it inconclusive, never passed (issue 12 §10).
  if (outcome.path === undefined && (outcome.status !== 'broken' || env.abandoned > 0)) {
    const verdict = judgeCompleteness({
      asked,
      minimum,
      completed: outcome.status === 'passed' ? outcome.stats.runs : 0,
      completedEnvironmental: env.completed,
      abandoned: env.abandoned,
      interrupted: outcome.interrupted,
      timeLimitMs,
      ...(budgetNote === undefined ? {} : { budgetNote }),
      environmentalReasons: [...env.reasons.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([r, n]) => (n > 1 ? `${r} ×${n}` : r)),
    });
    if (verdict !== undefined) {
      return {
        ...base,
        status: 'inconclusive',
        kind: 'inconclusive',
        message: verdict.reason,
        inconclusive: verdict,
        steps: lastSteps,
        seed: outcome.seed,
        stats,
        startedAt,
        durationMs,
      };
    }
  }
  const commandsPath = commandsPathOf(details);
  // What steering had reached when the failing case started, when anything: the replay starts from it too.
  const reached = steerFrom === undefined || steerFrom === '' ? undefined : steerFrom;
  const replayText =
    outcome.path === undefined
      ? undefined
      : replayCommand(
          outcome.seed,
          // The parts after the seed, as parseReplay reads them (run-options.ts).
          `${outcome.path}${commandsPath === undefined ? '' : `@${commandsPath}`}${reached === undefined ? '' : `~${reached}`}`,
          replayArgs(ctx.options, def.area, def.id),
          ctx.options.mirror === undefined ? 'conformance' : 'diff',
        );
  if (outcome.status === 'passed') {
    if (deviation !== undefined) {
      return {
        ...base,
        status: 'failed',
        kind: 'unexpected-pass',
        message: `listed as a known deviation (${deviation.reason}) but it passed: remove it from ${opts.expectations.fileOf?.(def.id) ?? opts.expectations.file ?? 'the expectations file'}`,
        steps: lastSteps,
        seed: outcome.seed,
        stats,
        knownDeviation: deviation,
        unexpectedPass: true,
        startedAt,
        durationMs,
      };
    }
    return { ...base, status: 'passed', steps: lastSteps, seed: outcome.seed, stats, startedAt, durationMs };
  }
  const error = outcome.error;
  const steps = error instanceof ContractViolation ? error.steps : (lastFailingSteps ?? lastSteps);
  const difference = firstDifference(outcome.message);
  const length = counterexampleLength(steps, src.kind === 'commands' ? lastFailingCommands : undefined);
  const text = formatTraceText(steps, {
    length,
    title: `${def.name}: ${outcome.message ?? 'failed'}`,
    ...(difference === undefined ? {} : { difference }),
    seed: outcome.seed,
    ...(outcome.path === undefined ? {} : { path: outcome.path }),
    ...(replayText === undefined ? {} : { replay: replayText }),
  });
  // A pinned file holds everything its replay needs, the commands' replayPath included (issue 12 §3).
  const pinnedTo =
    ctx.options.pin && outcome.kind === 'contract-violation' && outcome.path !== undefined
      ? pinRegression({
          property: def.id,
          seed: outcome.seed,
          path: outcome.path,
          ...(commandsPath === undefined ? {} : { commands: commandsPath }),
          ...(reached === undefined ? {} : { reached }),
          note: outcome.message ?? '',
          trace: text,
        })
      : undefined;
  const known = deviation !== undefined && outcome.kind === 'contract-violation';
  return {
    ...base,
    status: known ? 'skipped' : outcome.status,
    ...(known
      ? { kind: 'known-deviation' as const, knownDeviation: deviation }
      : outcome.kind === undefined
        ? {}
        : { kind: outcome.kind }),
    ...(outcome.message === undefined ? {} : { message: outcome.message }),
    steps,
    counterexample: {
      steps,
      text,
      length,
      ...(outcome.counterexampleValue === undefined ? {} : { value: outcome.counterexampleValue }),
    },
    // Allure's diff compares like with like: the differing field's two values, when the model said which.
    ...(difference !== undefined
      ? {
          violation: {
            expected: `${difference.path}: ${difference.expected}`,
            actual: `${difference.path}: ${difference.actual}`,
          },
        }
      : outcome.violation === undefined
        ? {}
        : { violation: outcome.violation }),
    seed: outcome.seed,
    ...(outcome.path === undefined ? {} : { path: outcome.path }),
    ...(replayText === undefined ? {} : { replay: replayText }),
    ...(pinnedTo === undefined ? {} : { pinnedTo }),
    ...(pinnedFrom === undefined ? {} : { pinnedFrom }),
    stats,
    startedAt,
    durationMs,
  };
}

function skipReason(def: PropertyDef, ctx: PropertyContext): string | undefined {
  const onEmulator = ctx.target.kind === 'emulator';
  if (def.emulatorOnly === true && !onEmulator) return 'runs against the built-in emulator only';
  if (def.disruptive === true && !onEmulator && !ctx.options.allowDisruptive) {
    return 'host-wide effects (session storm): pass --allow-disruptive to run it on a real host';
  }
  // On the emulator a pool property brings its own pool (dedicated); a real target must be one.
  if (def.minHosts !== undefined && def.dedicated === undefined && ctx.preflight.hostCount < def.minHosts)
    return `needs a pool of ${def.minHosts} hosts; the target has ${ctx.preflight.hostCount}`;
  if (def.minHosts !== undefined && !onEmulator && ctx.preflight.hostCount < def.minHosts)
    return `needs a pool of ${def.minHosts} hosts; the target has ${ctx.preflight.hostCount}`;
  if (ctx.options.property !== undefined && ctx.options.property !== def.id)
    return `only ${ctx.options.property} runs`;
  return undefined;
}
