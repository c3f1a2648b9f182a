/**
 * The strategies by name, for command lines and scenario files, and `mixedByzantine`: the node
 * of the multi-node example, which votes for proposals nobody made, votes twice, and replays
 * stale messages.
 */
import { combine } from './combine';
import { doubleVoter } from './double-voter';
import { equivocatingProposer } from './equivocating-proposer';
import { garbageSender } from './garbage-sender';
import { phantomVoter } from './phantom-voter';
import { silent } from './silent';
import { slowNode } from './slow-node';
import { staleReplayer } from './stale-replayer';
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
} as const satisfies Record<string, () => ByzantineStrategy>;

export type ByzantineName = keyof typeof BYZANTINE_STRATEGIES;

export const BYZANTINE_NAMES = Object.keys(BYZANTINE_STRATEGIES) as readonly ByzantineName[];

export const isByzantineName = (name: string): name is ByzantineName =>
  Object.prototype.hasOwnProperty.call(BYZANTINE_STRATEGIES, name);

/** A strategy with its default options, by name. */
export function byzantineStrategy(name: ByzantineName): ByzantineStrategy {
  return BYZANTINE_STRATEGIES[name]();
}
