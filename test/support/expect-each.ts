// One answer expected for every name of a table (a flag of the schema, a retry rule): a failure names the entry.
import { expect } from 'vitest';

export function expectEach<T>(answer: (name: string) => T, expected: T, names: readonly string[]): void {
  for (const name of names) expect(answer(name), name).toBe(expected);
}
