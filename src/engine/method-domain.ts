/**
 * `methodDomain()`: a `Domain` for types that carry their own `identity()` and `rank()` methods
 * (like the Go original's `Unique`). Plain data works with any other accessors.
 */
import type { Domain } from './types';

interface Unique {
  identity(): string;
}
interface Ranked extends Unique {
  rank(): number;
}

export function methodDomain<
  S extends Ranked,
  V extends Ranked,
  P extends Unique,
  C extends Ranked,
>(): Domain<S, V, P, C> {
  const ranked = { identity: (x: Ranked) => x.identity(), rank: (x: Ranked) => x.rank() };
  return { state: ranked, vote: ranked, collected: ranked, peer: { identity: (p: Unique) => p.identity() } };
}
