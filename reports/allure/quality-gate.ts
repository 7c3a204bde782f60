// Quality-gate rules decide the exit code of `xapi-harness report` (issue 6 §3, §4). Allure 3 evaluates
// rulesets with Allure's own rules (@allurereport/core qualityGate/rules.js: maxFailures counts
// failed+broken among the ruleset's filtered results, minTestsCount counts all); the ruleset id says which
// exit code a broken rule means (src/results/exit-code.ts).
import type { QualityGateConfig, QualityGateValidationResult } from '@allurereport/plugin-api';
import { EXIT_CODES, type ExitCode } from '../../src/results/index.ts';
import { LABEL_NAMES } from './labels.ts';

export interface QualityGateOptions {
  /** Contract violations (and unexpected passes, failed load thresholds) tolerated; default 0. */
  readonly maxViolations?: number;
  /** Broken results (transport, setup, harness) tolerated; default 0. */
  readonly maxBroken?: number;
  /** Fewer results than this is a setup problem (an empty run is never "conformant"); default 1. */
  readonly minTests?: number;
}

const QUALITY_GATE_IDS = {
  violations: 'contract',
  broken: 'setup-or-transport',
  coverage: 'coverage',
} as const;

export function harnessQualityGate(options: QualityGateOptions = {}): QualityGateConfig {
  return {
    rules: [
      {
        id: QUALITY_GATE_IDS.violations,
        maxFailures: options.maxViolations ?? 0,
        filter: (tr) => tr.status === 'failed',
      },
      {
        id: QUALITY_GATE_IDS.broken,
        maxFailures: options.maxBroken ?? 0,
        filter: (tr) => tr.status === 'broken',
      },
      { id: QUALITY_GATE_IDS.coverage, minTestsCount: options.minTests ?? 1 },
    ],
  };
}

/** The part of an Allure test result the verdict reads. */
interface VerdictInput {
  readonly status?: string;
  readonly labels?: readonly { readonly name: string; readonly value?: string }[];
}

function label(tr: VerdictInput, name: string): string | undefined {
  return tr.labels?.find((l) => l.name === name)?.value;
}

/**
 * 1 if the violations ruleset failed (a confirmed finding wins), else 2 if any other failed or every result
 * was skipped for a reason other than a reproduced known deviation (nothing was checked), else 3 if any
 * result is inconclusive, else 0 (src/results/exit-code.ts).
 */
export function exitCodeFromQualityGate(
  results: readonly QualityGateValidationResult[],
  trs: readonly VerdictInput[] = [],
): ExitCode {
  const failed = results.filter((r) => !r.success);
  if (failed.some((r) => r.rule.startsWith(`${QUALITY_GATE_IDS.violations}/`)))
    return EXIT_CODES.contractViolation;
  if (failed.length > 0) return EXIT_CODES.setupOrTransport;
  const inconclusive = (tr: VerdictInput): boolean => label(tr, LABEL_NAMES.failureKind) === 'inconclusive';
  const checked = trs.some(
    (tr) => (tr.status !== 'skipped' || label(tr, LABEL_NAMES.deviation) === 'known') && !inconclusive(tr),
  );
  if (trs.length > 0 && !checked && !trs.some(inconclusive)) return EXIT_CODES.setupOrTransport;
  if (trs.some(inconclusive)) return EXIT_CODES.inconclusive;
  return EXIT_CODES.conformant;
}
