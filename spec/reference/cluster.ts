/**
 * A cluster of reference nodes on the in-memory network, in virtual time, for the reference specs:
 * a thin view over `createCluster` (src/sim/cluster), where every message travels as signed
 * envelope bytes and enters each node through its guarded inbound path. Some validators can be
 * Byzantine: silent, or equivocating (two proposals per round, one to each half of the network,
 * and two conflicting votes per round).
 */
import type { InboundRejection } from '../../src/inbound';
import type { Frame, PeerId, ReferenceValidator } from '../../src/reference';
import {
  combine,
  doubleVoter,
  equivocatingProposer,
  silent,
  type ByzantineStrategy,
} from '../../src/entries/sim';
import { createCluster } from '../../src/entries/sim';
import type { Latency } from '../../src/transport';
import { keyring, type Keyring } from './support';

export type Behaviour = 'honest' | 'silent' | 'equivocating';

export interface ClusterOptions {
  readonly n: number;
  readonly behaviour?: (id: PeerId, index: number) => Behaviour;
  readonly seed?: number;
  readonly latency?: Latency;
  readonly reorder?: number;
  readonly loss?: number;
  readonly duplicate?: number;
  /** How long a rank may take before validators time out (default 500 ms). */
  readonly roundTimeout?: number;
  /** Virtual milliseconds to run before every machine is closed. */
  readonly runFor: number;
}

export interface HonestNode {
  readonly id: PeerId;
  /** The node's reference providers, as they were when the run ended. */
  readonly node: ReferenceValidator;
  /** Every frame this node made active, by rank. */
  readonly finalized: ReadonlyMap<number, Frame>;
  readonly errors: readonly string[];
  readonly transitions: readonly string[];
  /** Equivocation and conflict rejections, with their signed evidence. */
  readonly evidence: readonly InboundRejection[];
  readonly counts: () => { readonly rejected: number; readonly byReason: Readonly<Record<string, number>> };
}

export interface ClusterRun {
  readonly ring: Keyring;
  readonly honest: readonly HonestNode[];
  readonly byzantine: readonly PeerId[];
}

const STRATEGIES: Record<Exclude<Behaviour, 'honest'>, () => ByzantineStrategy> = {
  silent,
  equivocating: () => combine(equivocatingProposer(), doubleVoter()),
};

export function runCluster(options: ClusterOptions): ClusterRun {
  const ring = keyring(options.n);
  const behaviourOf = options.behaviour ?? (() => 'honest');
  const byzantine: Record<PeerId, ByzantineStrategy> = {};
  ring.ids.forEach((id, index) => {
    const behaviour = behaviourOf(id, index);
    if (behaviour !== 'honest') byzantine[id] = STRATEGIES[behaviour]();
  });
  const cluster = createCluster({
    validators: ring.ids,
    seed: options.seed ?? 0,
    link: {
      latency: options.latency ?? { min: 1, max: 20 },
      reorder: options.reorder ?? 0,
      loss: options.loss ?? 0,
      duplicate: options.duplicate ?? 0,
    },
    byzantine,
    roundTimeout: options.roundTimeout ?? 500,
    mutations: (key) => [`tx-from-${key}`],
  });
  cluster.start();
  cluster.runFor(options.runFor);
  const honest = cluster.honestNodes().map((n): HonestNode => {
    const { log } = n;
    return {
      id: n.id,
      node: n.validator!,
      finalized: log.finalized,
      errors: log.errors(),
      transitions: log.transitions.entries().map((t) => `${t.at} ${t.from}->${t.to} (${t.event})`),
      evidence: log.evidence(),
      counts: () => ({ rejected: log.rejected, byReason: log.rejectedByReason }),
    };
  });
  cluster.close();
  return { ring, honest, byzantine: Object.keys(byzantine) };
}
