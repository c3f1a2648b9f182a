/** Splitting the other nodes in two, so a Byzantine node can tell each half a different story. */

/** The first half (rounded up) and the rest, in the order given. */
export function twoHalves(peers: readonly string[]): readonly [readonly string[], readonly string[]] {
  const half = Math.ceil(peers.length / 2);
  return [peers.slice(0, half), peers.slice(half)];
}
