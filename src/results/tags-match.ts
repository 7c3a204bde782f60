// k6 submetric selection over a metric's series (tag sets): shared by the engine's aggregation and the
// report writers that read series figures.
import type { Tags } from './load-summary.ts';

/** True when every tag of `filter` is present with the same value in `tags`. */
export function tagsMatch(tags: Tags, filter: Tags): boolean {
  for (const k of Object.keys(filter)) if (tags[k] !== filter[k]) return false;
  return true;
}
