/**
 * Refusals counted per peer: the score a transport adapter reads to drop a peer that keeps
 * sending what this node refuses (as libp2p gossipsub scores peers that send invalid messages).
 * Bounded: at most `maxPeers` peers are tracked; a new one pushes out the one least recently
 * charged, so an attacker inventing names cannot grow it.
 */
export class RefusalScore {
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxPeers: number) {}

  charge(peer: string): void {
    const count = (this.counts.get(peer) ?? 0) + 1;
    this.counts.delete(peer);
    if (this.counts.size >= this.maxPeers) this.counts.delete(this.counts.keys().next().value as string);
    this.counts.set(peer, count);
  }

  of(peer: string): number {
    return this.counts.get(peer) ?? 0;
  }

  snapshot(): ReadonlyMap<string, number> {
    return new Map(this.counts);
  }
}
