// Flag values that several subcommands take the same way. A bad value is a ConfigError naming the flag and the
// value given, which parseOrExit (cli-support.ts) answers in one line with exit 2.
import { ConfigError } from '../client/resolve-target.ts';

/** A count, port, seed or time in ms: a whole number, 0 or more; absent stays absent. */
export function nonNegativeInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`--${name} expects a non-negative integer, got '${v}'`);
  return n;
}

/** A rate or a number of VUs or workers: more than 0, fractions allowed; absent stays absent. */
export function positiveNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`--${name} expects a positive number, got '${v}'`);
  return n;
}

/** One of a closed list of words; absent stays absent. */
export function oneOf<T extends string>(
  name: string,
  v: string | undefined,
  values: readonly T[],
): T | undefined {
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v))
    throw new ConfigError(`--${name} expects one of ${values.join(', ')}, got '${v}'`);
  return v as T;
}
