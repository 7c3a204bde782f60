// Flag values that several subcommands take the same way. A bad value is a ConfigError naming the flag and the
// value given, which parseOrExit (cli-support.ts) answers in one line with exit 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';
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

// node:util parseArgs definitions, one helper per kind of flag, so a subcommand's table lists names only and
// every flag of a kind is declared alike (`--help` is `-h` everywhere).

/** Flags that take a value (`--port 8080`); parseArgs gives it as a string, the helpers above read it. */
export function valueFlags<const N extends string>(...names: readonly N[]): { readonly [K in N]: ValueFlag } {
  return Object.fromEntries(names.map((n) => [n, { type: 'string' }])) as { [K in N]: ValueFlag };
}

/** Repeatable flags that take a value (`--fault a --fault b`): parseArgs gives the list. */
export function listFlags<const N extends string>(...names: readonly N[]): { readonly [K in N]: ListFlag } {
  return Object.fromEntries(names.map((n) => [n, { type: 'string', multiple: true }])) as {
    [K in N]: ListFlag;
  };
}

/** Switches (`--insecure`): true when given. */
export function switchFlags<const N extends string>(
  ...names: readonly N[]
): { readonly [K in N]: SwitchFlag } {
  return Object.fromEntries(names.map((n) => [n, { type: 'boolean' }])) as { [K in N]: SwitchFlag };
}

/** `--help` / `-h`, which every subcommand takes. */
export const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

type FlagSpecs = NonNullable<ParseArgsConfig['options']>;

type FlagValues<O extends FlagSpecs> = ReturnType<
  typeof parseArgs<{ args: string[]; strict: true; options: O & typeof HELP_FLAG }>
>['values'];

/**
 * A subcommand's flags (no positionals; an unknown flag throws, which parseOrExit answers with exit 2), plus
 * `--help`: their values, or 'help' when --help was given.
 */
export function flagValuesOrHelp<const O extends FlagSpecs>(
  argv: string[],
  options: O,
): FlagValues<O> | 'help' {
  const all: FlagSpecs = { ...options, ...HELP_FLAG };
  const { values } = parseArgs({ args: argv, strict: true, options: all });
  return values['help'] === true ? 'help' : (values as FlagValues<O>);
}

interface ValueFlag {
  readonly type: 'string';
}
interface ListFlag {
  readonly type: 'string';
  readonly multiple: true;
}
interface SwitchFlag {
  readonly type: 'boolean';
}
