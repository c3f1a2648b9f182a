/**
 * Who can reach whom: the current partition (a group number per node, `-1` for every node not
 * listed) and the set of isolated nodes. Two nodes connect iff neither is isolated and their groups match.
 */
export const UNLISTED = -1;

export class Reachability {
  private groups = new Map<string, number>();
  private readonly isolated = new Set<string>();

  groupOf(id: string): number {
    return this.groups.get(id) ?? UNLISTED;
  }

  isIsolated(id: string): boolean {
    return this.isolated.has(id);
  }

  partition(groups: readonly (readonly string[])[]): void {
    const next = new Map<string, number>();
    groups.forEach((members, group) => {
      for (const id of members) {
        if (next.has(id)) throw new RangeError(`partition: node "${id}" is listed in more than one group`);
        next.set(id, group);
      }
    });
    this.groups = next;
  }

  isolate(id: string): void {
    this.isolated.add(id);
  }

  reconnect(id: string): void {
    this.isolated.delete(id);
  }

  heal(): void {
    this.groups = new Map();
    this.isolated.clear();
  }
}
