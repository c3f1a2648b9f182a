/**
 * The nemesis schedule, drawn from a seed: episodes of one to three overlapping faults, each
 * episode followed by a quiet spell in which nothing is wrong (so recovery can be measured and a
 * stall told from a fault). Same seed, same nodes, same duration ⇒ same schedule.
 */
import { createRng, type Rng } from '../../transport/rng';
import type { FaultKind } from './history';

/** A directed link: bytes from the first validator to the second. */
export type LinkPair = readonly [string, string];

export type FaultPlan =
  /** Links between the sides are cut (connections reset, new ones refused); a bridge node keeps links to both. */
  | {
      readonly kind: 'partition';
      readonly sides: readonly [readonly string[], readonly string[]];
      readonly bridge?: string;
    }
  /** The validator's host loses its network (its interface goes down: packets vanish, nothing is reset). */
  | { readonly kind: 'isolate'; readonly node: string }
  /** SIGKILL; restarted at the heal. */
  | { readonly kind: 'kill'; readonly node: string }
  /** SIGSTOP; SIGCONT at the heal. */
  | { readonly kind: 'pause'; readonly node: string }
  /** Delay, jitter, loss (a retransmission's wait) and duplication (replayed bytes) on some links. */
  | {
      readonly kind: 'link';
      readonly links: readonly LinkPair[];
      readonly delayMs: number;
      readonly jitterMs: number;
      readonly loss: number;
      readonly duplicate: number;
    }
  /** The validator's data dir fills up; space comes back at the heal. */
  | { readonly kind: 'disk-full'; readonly node: string };

export type PlannedFault = FaultPlan & {
  readonly id: number;
  /** Ms after the nemesis began. */
  readonly at: number;
  readonly durationMs: number;
};

export interface ScheduleOptions {
  readonly seed: number;
  readonly durationMs: number;
  readonly nodes: readonly string[];
  /** Which kinds may be drawn (those the machine can inject). */
  readonly kinds: readonly FaultKind[];
  /** The quiet spell after each episode, ms (default 6000). */
  readonly quietMs?: number;
}

/** How long each kind lasts, ms: [min, max]. */
const DURATION: Readonly<Record<FaultKind, readonly [number, number]>> = {
  partition: [2000, 10_000],
  isolate: [2000, 8000],
  kill: [1000, 5000],
  pause: [1000, 10_000],
  link: [3000, 10_000],
  'disk-full': [3000, 8000],
};

/** Kinds that take one validator out: in one episode, each takes a different one. */
const ON_A_NODE: ReadonlySet<FaultKind> = new Set(['isolate', 'kill', 'pause', 'disk-full']);

export function nemesisSchedule(options: ScheduleOptions): PlannedFault[] {
  const rng = createRng(options.seed).fork('nemesis');
  const quiet = options.quietMs ?? 6000;
  const faults: PlannedFault[] = [];
  let at = 0;
  while (at < options.durationMs) {
    const taken = new Set<string>();
    let episodeEnd = at;
    const count = rng.int(1, 3);
    for (let i = 0; i < count; i++) {
      const kind = rng.pick(options.kinds);
      const free = options.nodes.filter((n) => !taken.has(n));
      if (ON_A_NODE.has(kind) && free.length === 0) continue;
      const plan = planOf(kind, rng, options.nodes, free);
      if ('node' in plan) taken.add(plan.node);
      const start = at + (i === 0 ? 0 : rng.int(0, 3000));
      const [min, max] = DURATION[kind];
      const durationMs = rng.int(min, max);
      if (start >= options.durationMs) break;
      faults.push({ ...plan, id: faults.length + 1, at: start, durationMs });
      episodeEnd = Math.max(episodeEnd, start + durationMs);
    }
    at = episodeEnd + quiet + rng.int(0, 2000);
  }
  return faults;
}

function planOf(kind: FaultKind, rng: Rng, nodes: readonly string[], free: readonly string[]): FaultPlan {
  switch (kind) {
    case 'isolate':
    case 'kill':
    case 'pause':
    case 'disk-full':
      return { kind, node: rng.pick(free) };
    case 'partition': {
      const order = shuffled(nodes, rng);
      // One node alone, a minority against a majority, or two halves joined by a bridge node.
      const shape = rng.pick(['one', 'minority', 'bridge'] as const);
      if (shape === 'bridge' && order.length >= 3) {
        const [bridge, ...rest] = order;
        const half = Math.floor(rest.length / 2);
        return { kind, sides: [rest.slice(0, half), rest.slice(half)], bridge: bridge! };
      }
      const cut = shape === 'one' ? 1 : Math.max(1, Math.floor((order.length - 1) / 2));
      return { kind, sides: [order.slice(0, cut), order.slice(cut)] };
    }
    case 'link': {
      const links: LinkPair[] = [];
      for (const a of nodes) for (const b of nodes) if (a !== b && rng.chance(0.4)) links.push([a, b]);
      if (links.length === 0) links.push([nodes[0]!, nodes[1] ?? nodes[0]!]);
      return {
        kind,
        links,
        delayMs: rng.int(0, 300),
        jitterMs: rng.int(0, 200),
        loss: rng.pick([0, 0.01, 0.05, 0.2]),
        duplicate: rng.pick([0, 0, 0.001, 0.01]),
      };
    }
  }
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The validators a fault takes out or touches, as the history names them. */
export function nodesOf(fault: FaultPlan): string[] {
  switch (fault.kind) {
    case 'partition':
      return [...fault.sides[0], ...fault.sides[1], ...(fault.bridge === undefined ? [] : [fault.bridge])];
    case 'link':
      return [...new Set(fault.links.flat())];
    default:
      return [fault.node];
  }
}

/** The fault in a few words for the history and the picture. */
export function describeFault(fault: FaultPlan): string {
  switch (fault.kind) {
    case 'partition':
      return `${fault.sides[0].join(',')} | ${fault.sides[1].join(',')}${fault.bridge === undefined ? '' : ` bridged by ${fault.bridge}`}`;
    case 'link':
      return `${fault.links.map(([a, b]) => `${a}>${b}`).join(' ')}: delay ${fault.delayMs}±${fault.jitterMs} ms, loss ${fault.loss}, duplicate ${fault.duplicate}`;
    case 'kill':
      return `SIGKILL ${fault.node}, restart at heal`;
    case 'pause':
      return `SIGSTOP ${fault.node}, SIGCONT at heal`;
    case 'isolate':
      return `${fault.node}'s interface down`;
    case 'disk-full':
      return `${fault.node}'s data dir full`;
  }
}
