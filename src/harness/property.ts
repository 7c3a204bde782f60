// What a conformance property is: its place in the reports, its budget, and the cases it generates.
import type fc from 'fast-check';
import type { EmulatorOptions } from '../emulator/index.ts';
import type { ModelConfig } from '../model/index.ts';
import type { Driver } from './driver.ts';
import type { HarnessCommand } from './harness-command.ts';
import type { Preflight } from './preflight.ts';
import type { HarnessOptions } from './run-options.ts';
import type { ClientChoice, Target } from './target.ts';

export interface PropertyContext {
  readonly options: HarnessOptions;
  readonly target: Target;
  readonly preflight: Preflight;
  /** The model configuration for this target (profile, credentials, deadlines). */
  readonly config: ModelConfig;
  /** Side B of a differential run (issue 15). */
  readonly mirror?: Target;
}

/**
 * Where a property's cases come from: fast-check command sequences (model-based testing), or one fixed case.
 * Command sequences stay a `fc.commands` value end to end, so fast-check can shrink and replay them
 * (its replayPath records which commands ran).
 */
export type CaseSource =
  | {
      readonly kind: 'commands';
      readonly commands: readonly fc.Arbitrary<HarnessCommand>[];
      readonly maxCommands: number;
      /**
       * Fewest commands per case (fast-check draws 0..max; an empty case checks nothing). A property whose
       * case is one fixed command with generated parameters (the eviction batch) needs 1, or a run of a few
       * cases may run none of it.
       */
      readonly minCommands?: number;
    }
  | { readonly kind: 'single'; readonly name: string; readonly run: (driver: Driver) => Promise<void> };

export interface PropertyDef {
  /** Stable id: "<area>/<class>/<message>/<what>" (results/property-result.ts). */
  readonly id: string;
  readonly name: string;
  readonly area: string;
  readonly feature: string;
  readonly story: string;
  /** Host-wide effects (session storms): needs --allow-disruptive on a real host. */
  readonly disruptive?: boolean;
  /** Hosts the target's pool must have (host.get_all); fewer skips the property on a real target. */
  readonly minHosts?: number;
  /** Emulator only (e.g. it needs a dedicated emulator with a known session table). */
  readonly emulatorOnly?: boolean;
  /** Protocol and transport of the case's client (the wire suite runs the same cases over each). */
  readonly client?: ClientChoice;
  /** Cases asked for, fixed or from the target (undefined: --runs). */
  readonly numRuns?: number | ((ctx: PropertyContext) => number | undefined);
  /** Conclusive cases needed for a verdict (default: half the cases asked, results/inconclusive.ts). */
  readonly minRuns?: number;
  /** The property's own time limit, fixed or from the target (undefined: --time-limit). */
  readonly timeLimitMs?: number | ((ctx: PropertyContext) => number | undefined);
  /** Overrides of the model configuration for this property. */
  readonly config?: (ctx: PropertyContext) => Partial<ModelConfig>;
  /** A dedicated emulator for each case, with these options (emulator target only). */
  readonly dedicated?: (ctx: PropertyContext) => Partial<EmulatorOptions>;
  /**
   * The transitions (transition-coverage.ts keys) this property means to reach: the run reports those it never
   * reached, and steering commands aim at them (issue 17 item 1).
   */
  readonly transitions?: (ctx: PropertyContext) => readonly string[];
  /** After the login, before the case: by default the VM records are read (templates get adopted). */
  readonly setup?: (driver: Driver) => Promise<void>;
  readonly cases: (ctx: PropertyContext) => CaseSource;
}

/** Cases as fast-check command sequences (commands pick targets by index, so shrinking keeps them valid). */
export function commandCases(
  commands: readonly fc.Arbitrary<HarnessCommand>[],
  maxCommands: number,
  minCommands?: number,
): CaseSource {
  return { kind: 'commands', commands, maxCommands, ...(minCommands === undefined ? {} : { minCommands }) };
}

/** A property with one fixed case (e.g. the schema check of every record). */
export function singleCase(name: string, run: (driver: Driver) => Promise<void>): CaseSource {
  return { kind: 'single', name, run };
}
