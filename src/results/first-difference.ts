// The first thing that differed, read from a violation message in the model's own words
// ("VM.get_record: value.power_state: expected "Suspended", got "Halted"", src/model check): the path
// and both values, which the trace, the console and Allure's diff show instead of whole records.

export interface FirstDifference {
  /** The call whose answer differed. */
  readonly method: string;
  /** Where in the answer, e.g. "value.power_state". */
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
}

const PATTERN =
  /^(?<method>[A-Za-z_][\w.]*): (?<path>[^:]+?): expected (?<expected>.+?), got (?<actual>.+)$/s;

export function firstDifference(message: string | undefined): FirstDifference | undefined {
  const g = PATTERN.exec(message ?? '')?.groups;
  if (g === undefined) return undefined;
  const { method, path, expected, actual } = g;
  if (method === undefined || path === undefined || expected === undefined || actual === undefined)
    return undefined;
  return { method, path, expected, actual };
}
