/**
 * The mutation pool: mutations waiting to be included in a frame, in arrival order. Collecting
 * takes from the front without removing; a mutation leaves the pool when a finalized frame
 * includes it, so a round that fails loses nothing.
 */
export interface MutationPool {
  /** Add a mutation; false if it is already pending. */
  add(mutation: string): boolean;
  /** Up to `limit` pending mutations, oldest first, leaving out those in `skip`. */
  pending(limit?: number, skip?: ReadonlySet<string>): readonly string[];
  /** Drop mutations a finalized frame included. */
  remove(mutations: Iterable<string>): void;
  readonly size: number;
}

export function createMutationPool(initial: Iterable<string> = []): MutationPool {
  const pool = new Set<string>(initial);
  return {
    add(mutation) {
      if (pool.has(mutation)) return false;
      pool.add(mutation);
      return true;
    },
    pending(limit = Infinity, skip) {
      const out: string[] = [];
      for (const m of pool) {
        if (out.length >= limit) break;
        if (skip?.has(m) !== true) out.push(m);
      }
      return out;
    },
    remove(mutations) {
      for (const m of mutations) pool.delete(m);
    },
    get size() {
      return pool.size;
    },
  };
}
