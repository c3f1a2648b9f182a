/**
 * The strategies by name: a scenario's behaviours (`strategyOf`; a node's several behaviours
 * combined by `nodeStrategy`), the strategies' own names (`byzantineStrategy`), and
 * `mixedByzantine`: the node of the multi-node example, which votes for proposals nobody made,
 * votes twice, and replays stale messages.
 */
import { ballotLiar } from './ballot-liar';
import { catchUpLiar } from './catch-up-liar';
import { combine } from './combine';
import { doubleVoter } from './double-voter';
import { equivocatingProposer } from './equivocating-proposer';
import { garbageSender } from './garbage-sender';
import { phantomVoter } from './phantom-voter';
import { silent } from './silent';
import { slowNode } from './slow-node';
import { otherChain } from './other-chain';
import { staleCertificates } from './stale-certificates';
import { staleReplayer } from './stale-replayer';
import { timeoutLiar } from './timeout-liar';
import { withholder } from './withholder';
import type { BehaviourSpec, ByzantineSpec } from '../scenario/types';
import type { ByzantineStrategy } from './types';

/** Conflicting votes, votes for a proposal nobody made, stale messages: issue 3's Byzantine node. */
export const mixedByzantine = (): ByzantineStrategy =>
  combine(phantomVoter(), doubleVoter(), staleReplayer());

export const BYZANTINE_STRATEGIES = {
  mixed: mixedByzantine,
  silent,
  'double-voter': () => doubleVoter(),
  'phantom-voter': phantomVoter,
  'equivocating-proposer': () => equivocatingProposer(),
  'stale-replayer': () => staleReplayer(),
  'garbage-sender': () => garbageSender(),
  slow: () => slowNode(),
  'timeout-liar': () => timeoutLiar(),
  'stale-certificates': staleCertificates,
  'ballot-liar': ballotLiar,
  'catch-up-liar': () => catchUpLiar(),
  withholder,
  'other-chain': () => otherChain(),
} as const satisfies Record<string, () => ByzantineStrategy>;

export type ByzantineName = keyof typeof BYZANTINE_STRATEGIES;

export const BYZANTINE_NAMES = Object.keys(BYZANTINE_STRATEGIES) as readonly ByzantineName[];

export const isByzantineName = (name: string): name is ByzantineName =>
  Object.prototype.hasOwnProperty.call(BYZANTINE_STRATEGIES, name);

/** A strategy with its default options, by name. */
export function byzantineStrategy(name: ByzantineName): ByzantineStrategy {
  return BYZANTINE_STRATEGIES[name]();
}

/** The strategy of one behaviour; null for `twins`, which the cluster runs as a second machine. */
export function strategyOf(b: BehaviourSpec): ByzantineStrategy | null {
  switch (b.kind) {
    case 'equivocating-proposer':
      // Crossover: every peer ends up holding both signed proposals, so the conflict is on record.
      return equivocatingProposer({ crossover: true });
    case 'double-voter':
      return doubleVoter();
    case 'phantom-voter':
      return phantomVoter();
    case 'silent':
      return silent();
    case 'stale-replayer':
      return staleReplayer({ age: b.age });
    case 'garbage':
      return garbageSender();
    case 'slow':
      return slowNode({ delay: b.delay });
    case 'timeout-liar':
      return timeoutLiar({ claim: b.claim });
    case 'stale-certificates':
      return staleCertificates();
    case 'ballot-liar':
      return ballotLiar();
    case 'catch-up-liar':
      return catchUpLiar();
    case 'withholder':
      return withholder();
    case 'other-chain':
      return otherChain();
    case 'twins':
      return null;
  }
}

export const isTwin = (b: ByzantineSpec): boolean => b.behaviours.some((x) => x.kind === 'twins');

/** All of a node's behaviours as one strategy (null when it is a twin). */
export function nodeStrategy(b: ByzantineSpec): ByzantineStrategy | null {
  if (isTwin(b)) return null;
  const parts = b.behaviours.map(strategyOf).filter((s): s is ByzantineStrategy => s !== null);
  return parts.length === 1 ? parts[0]! : combine(...parts);
}
