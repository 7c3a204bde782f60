// Tag sets identify series: "metric{method:VM.get_record,outcome:ok}". The key is canonical (sorted), so the
// same tags always land in the same series whatever order they were written in.
import type { Tags } from './metric-types.ts';

export function tagsKey(tags: Tags): string {
  const keys = Object.keys(tags);
  if (keys.length === 0) return '';
  keys.sort();
  let out = '';
  for (const k of keys) out += (out === '' ? '' : ',') + k + ':' + tags[k];
  return out;
}

/** k6 submetric selection; owned by the result format (src/results/tags-match.ts). */
export { tagsMatch } from '../results/tags-match.ts';
