// Allure 3 calls `Iterator.prototype.toArray` (ES2025 iterator helpers; @allurereport/core
// qualityGate/qualityGate.js `trsToValidateById.values().toArray()`), which Node 20 lacks: Node 20 has no
// global `Iterator` either, so the method goes on %IteratorPrototype%, reached through an array iterator.
// Installed once, before anything from Allure is loaded.

interface WithToArray {
  toArray?: () => unknown[];
}

/** Returns true if it had to install the polyfill. */
export function installIteratorToArray(): boolean {
  const iteratorPrototype = Object.getPrototypeOf(
    Object.getPrototypeOf([][Symbol.iterator]()),
  ) as WithToArray;
  if (typeof iteratorPrototype.toArray === 'function') return false;
  Object.defineProperty(iteratorPrototype, 'toArray', {
    value: function toArray(this: Iterable<unknown>): unknown[] {
      return Array.from(this);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
  return true;
}
