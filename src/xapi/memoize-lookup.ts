// Schema lookups by wire name are pure and run once per call (the client's marshalling on the load engine's
// hot path, the model's generic messages): each name is looked up once, misses included.

/** `lookup`, remembering each name's answer (undefined too). */
export function memoizeLookup<T extends object>(
  lookup: (name: string) => T | undefined,
): (name: string) => T | undefined {
  const answers = new Map<string, T | null>();
  return (name) => {
    const hit = answers.get(name);
    if (hit !== undefined) return hit ?? undefined;
    const found = lookup(name);
    answers.set(name, found ?? null);
    return found;
  };
}
