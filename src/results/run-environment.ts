// What a run was pointed at and with which settings (issue 6 §2). Shown as the Allure environment and
// written into every results file, so a report read months later still says what it measured.

export interface RunEnvironment {
  /** Target URL with any credentials removed, or "emulator (in-process)". */
  readonly targetUrl: string;
  /** `host.software_version` product_brand, e.g. "XenServer", "XCP-ng", "xapi-harness emulator". */
  readonly productBrand: string;
  readonly productVersion: string;
  /** XenAPI version as "major.minor" (pool master's API_version_major/minor). */
  readonly apiVersion: string;
  /** Session policy profile: "sdk-guide" or "xapi-current" (ARCHITECTURE.md "Two session policies"). */
  readonly profile: string;
  /** package.json version of xapi-harness. */
  readonly harnessVersion: string;
  /** Master seed of the run, so the whole run can be repeated. */
  readonly seed: number;
  readonly runId?: string;
  /** Anything else worth showing (suite selection, runs budget, node version). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** Ordered display entries: the six the issue asks for first, then the extras. */
export function environmentEntries(env: RunEnvironment): [string, string][] {
  const entries: [string, string][] = [
    ['Target', redactUrl(env.targetUrl)],
    ['Product', `${env.productBrand} ${env.productVersion}`.trim()],
    ['API version', env.apiVersion],
    ['Profile', env.profile],
    ['Harness version', env.harnessVersion],
    ['Seed', String(env.seed)],
  ];
  if (env.runId !== undefined) entries.push(['Run id', env.runId]);
  for (const [k, v] of Object.entries(env.extra ?? {})) entries.push([k, v]);
  // A run that never reached the target (or a load-only run) may not know every field: show what is known.
  return entries.filter(([, v]) => v !== '');
}

/** Removes user:password@ from a URL; leaves anything that is not a URL untouched. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '') return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}
