// k6's duration strings ("1h2m3s", "500ms", "1.5s"): a bare number is milliseconds, as in k6's JS options.

const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
};
const PART = /(\d+(?:\.\d+)?)(ms|us|µs|h|m|s)/gy;

/** Parses a k6 duration (string or milliseconds) into milliseconds; throws a RangeError on bad input. */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new RangeError(`invalid duration: ${input}`);
    return input;
  }
  const s = input.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let m = PART.exec(s); m !== null; m = PART.exec(s)) {
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? Number.NaN);
    consumed = PART.lastIndex;
  }
  if (consumed === 0 || consumed !== s.length || !Number.isFinite(total)) {
    throw new RangeError(`invalid duration: '${input}' (expected e.g. 30s, 1m30s, 500ms)`);
  }
  return total;
}

export { formatDuration } from '../results/load-format.ts';
