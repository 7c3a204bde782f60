// Reading one scenario's figures out of a load summary (the one load result format): what the Allure writer
// shows per scenario and what the run's exit code judges per scenario. Only the computed numbers
// (`byScenario`, series `values`, raw counts) are read, never the HDR encodings, so reports need no decoder.
import type { LoadSummary, SerializedSeries, Tags, ThresholdResult } from './load-summary.ts';
import { tagsMatch } from './tags-match.ts';
import { parseThresholdKey } from './threshold-key.ts';

/** The computed numbers of `metric{scenario:<scenario>}` (see MetricValues), or undefined when it has none. */
export function scenarioValues(
  s: LoadSummary,
  metric: string,
  scenario: string,
): Readonly<Record<string, number>> | undefined {
  return s.metrics[metric]?.byScenario?.[scenario];
}

/** The series of `metric` whose tags match `filter`. */
export function seriesMatching(s: LoadSummary, metric: string, filter: Tags): SerializedSeries[] {
  return (s.metrics[metric]?.series ?? []).filter((x) => tagsMatch(x.tags, filter));
}

/**
 * The thresholds a scenario answers for: those whose (sub)metric this scenario produced samples of, e.g.
 * `xapi_req_duration{method:VM.get_all_records}` belongs to the scenarios that made that call, and
 * `{scenario:<name>}` filters to that one. A threshold nothing measured (a "no data" failure) belongs to
 * every scenario, so that it is never hidden.
 */
export function scenarioThresholds(s: LoadSummary, scenario: string): ThresholdResult[] {
  return s.thresholdResults.filter((r) => {
    const k = parseThresholdKey(r.key);
    const measured = seriesMatching(s, k.metric, k.filter);
    return measured.length === 0 || measured.some((x) => x.tags['scenario'] === scenario);
  });
}

/**
 * The trend a scenario's headline latency is read from: open model (arrival-rate executors) from the
 * intended start, which is free of coordinated omission; closed model the service time.
 */
export function scenarioLatencyMetric(s: LoadSummary, scenario: string): string {
  const open = s.scenarios[scenario]?.executor.endsWith('arrival-rate') === true;
  return `${s.requestMetric}${open ? '_latency' : '_duration'}`;
}
