// The one data format a load run produces lives in src/results (issue 13 §5); re-exported for the engine.
export { SUMMARY_FORMAT } from '../results/load-summary.ts';
export type { CheckSummary, ErrorSummary, LoadSummary } from '../results/load-summary.ts';
