/**
 * Bounded memo tables for pure lookups over the licence knowledge. A corpus of thousands of cards
 * names a few dozen licences and base models, so the same strings are resolved again and again.
 */

/** Past this many entries a table starts again: memory stays flat whatever a hostile corpus holds. */
const DEFAULT_LIMIT = 4096;

/**
 * Caches `compute(...args)` under `keyOf(...args)`; `keep` may refuse to cache a result (it is still
 * returned). Arguments that are not strings (a hostile card's numbers or lists) bypass the table.
 */
export function memoise<A extends unknown[], R>(
  compute: (...args: A) => R,
  keep: (result: R) => boolean = () => true,
  limit = DEFAULT_LIMIT
): (...args: A) => R {
  const table = new Map<string, R>();
  return (...args: A): R => {
    let key = '';
    for (const arg of args) {
      if (arg === undefined) key += '-|';
      else if (typeof arg === 'string')
        key += `${arg.length}:${arg}|`; // length-prefixed: no separator can collide
      else return compute(...args);
    }
    const hit = table.get(key);
    if (hit !== undefined || table.has(key)) return hit as R;
    const result = compute(...args);
    if (keep(result)) {
      if (table.size >= limit) table.clear();
      table.set(key, result);
    }
    return result;
  };
}
