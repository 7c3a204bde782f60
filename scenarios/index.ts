// The built-in load scenarios, by name (`xapi-harness load <name>`). Each file exports `scenario`.
export const SCENARIO_NAMES = [
  'dispatch-path',
  'session-storm',
  'lifecycle-mix',
  'event-fanout',
  'pool-login-redirect',
  'pool-migrate-under-load',
  'pool-scale',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The module URL of a built-in scenario (worker threads import it by URL). */
export function scenarioUrl(name: ScenarioName): URL {
  return new URL(`./${name}.scenario.ts`, import.meta.url);
}
