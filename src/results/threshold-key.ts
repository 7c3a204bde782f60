// A threshold's key in k6's grammar, `metric{tag:value,...}`: which metric, and which submetric (tag filter).
// Part of the load result format (`thresholdResults[].key`), so both the engine (which judges) and the
// report writers (which show each scenario its thresholds) read it the same way.
import type { Tags } from './load-summary.ts';

const KEY = /^([A-Za-z_][A-Za-z0-9_.]*)(?:\{(.*)\})?$/;

export function parseThresholdKey(key: string): { metric: string; filter: Tags } {
  const m = KEY.exec(key.trim());
  if (m === null) throw new SyntaxError(`invalid threshold metric '${key}'`);
  const filter: Record<string, string> = {};
  const body = m[2]?.trim() ?? '';
  if (body !== '') {
    for (const part of body.split(',')) {
      // k6 splits each "tag:value" on its first colon, so values may contain colons (group:::a::b).
      const i = part.indexOf(':');
      if (i <= 0) throw new SyntaxError(`invalid tag filter '${part}' in threshold '${key}'`);
      filter[part.slice(0, i).trim()] = part.slice(i + 1).trim();
    }
  }
  return { metric: m[1] ?? '', filter };
}
