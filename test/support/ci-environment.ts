// Tests that need something from the machine (the shared datamodel, Debian's Chromium) skip on a developer
// machine that lacks it, but never under CI: with CI=true (set by GitHub Actions, GitLab and most CI
// systems) a missing prerequisite fails the test, so a green CI run has run every test (issue 17 item 6).
export const IN_CI = /^(1|true|yes)$/i.test(process.env['CI'] ?? '');

/** Whether to skip a test whose prerequisite is `available`: only outside CI. */
export function skipOutsideCi(available: boolean): boolean {
  return !available && !IN_CI;
}

/** In a test body: throws the reason when the prerequisite is missing (reached only under CI=true). */
export function requirePrerequisite(available: boolean, reason: string): void {
  if (!available) throw new Error(`${reason} (required under CI=true: no test skips itself in CI)`);
}
