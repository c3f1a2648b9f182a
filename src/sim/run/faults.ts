/**
 * Putting a scenario's faults on the cluster's clock: partitions that open and heal, crashes and
 * restarts, and the Twins split (each copy of a twinned validator hears only its half of the
 * others; honest nodes still hear each other; during a partition the copies are on different sides). Scheduled before the run starts, at scenario times.
 */
import type { Subscription } from 'rxjs';
import { twoHalves } from '../byzantine/peer-groups';
import { TWIN_SUFFIX, type Cluster } from '../cluster/create-cluster';
import { nodeId, type Scenario } from '../scenario/types';
import { isTwin } from '../byzantine/catalog';

const CUT = { loss: 1 } as const;

export function scheduleFaults(cluster: Cluster, s: Scenario): Subscription[] {
  const twins = s.byzantine.filter(isTwin).map((b) => nodeId(b.node));
  splitTwins(cluster, twins);
  const at = (time: number, work: () => void): Subscription => cluster.scheduler.schedule(work, time);
  const scheduled: Subscription[] = [];
  for (const p of s.partitions) {
    const groups = twinSplit(
      p.groups.map((g) => g.map(nodeId)),
      twins,
    );
    scheduled.push(at(p.at, () => cluster.network.partition(groups)));
    if (p.heal !== null) scheduled.push(at(p.heal, () => cluster.network.heal()));
  }
  for (const c of s.crashes) {
    const key = nodeId(c.node);
    scheduled.push(at(c.at, () => cluster.crash(key)));
    if (c.restart !== null) scheduled.push(at(c.restart, () => cluster.restart(key)));
  }
  return scheduled;
}

/**
 * A partition's groups with each twin's second copy on the other side from its first: if the
 * validator is listed in a group, the copy stays with the unlisted rest; otherwise it joins the
 * first group. So every partition is also a Twins split, each copy with a different side.
 */
function twinSplit(groups: readonly string[][], twins: readonly string[]): string[][] {
  const out = groups.map((g) => [...g]);
  for (const id of twins) if (!groups.some((g) => g.includes(id))) out[0]?.push(`${id}${TWIN_SUFFIX}`);
  return out;
}

function splitTwins(cluster: Cluster, twins: readonly string[]): void {
  const others = cluster.nodes
    .map((n) => n.key)
    .filter((key) => !twins.some((t) => key === t || key === `${t}${TWIN_SUFFIX}`));
  const [left, right] = twoHalves(others);
  for (const id of twins) {
    const twin = `${id}${TWIN_SUFFIX}`;
    cut(cluster, id, twin);
    for (const key of right) cut(cluster, id, key);
    for (const key of left) cut(cluster, twin, key);
  }
}

function cut(cluster: Cluster, a: string, b: string): void {
  cluster.network.setLink(a, b, CUT);
  cluster.network.setLink(b, a, CUT);
}
