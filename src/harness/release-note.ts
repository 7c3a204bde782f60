// How a run states the release it held the target to (issue 11 "What to build" §2): the target's own version,
// the datamodel release the harness matched it to, and a warning when the target is newer than every release
// the harness knows (then it is held to the newest, and new API may be reported as unknown).
import type { ReleaseMatch } from '../xapi/index.ts';

export function releaseNote(release: ReleaseMatch): string {
  const stated = release.asked === '' ? 'no xapi version stated' : `xapi ${release.asked}`;
  if (release.unknown) return `${stated}: not a version, checked as the newest known release ${release.code}`;
  if (release.beyondKnown)
    return `${stated} is newer than every release this harness knows: checked as ${release.code} (update xapi-harness)`;
  return `${stated} (datamodel release ${release.code})`;
}
