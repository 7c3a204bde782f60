// Scenario options with k6's names, defaults and semantics (k6 docs: "Scenarios", "Executors"): part of the
// load result format, which lives in src/results (issue 13 §5); re-exported here for the engine's modules.
export type {
  ConstantArrivalRateOptions,
  ConstantVusOptions,
  DurationInput,
  ExecutorName,
  LoadOptions,
  LoadOverrides,
  PerVuIterationsOptions,
  RampingArrivalRateOptions,
  RampingVusOptions,
  SaturationLimits,
  ScenarioOptions,
  SharedIterationsOptions,
  Stage,
} from '../results/load-summary.ts';
