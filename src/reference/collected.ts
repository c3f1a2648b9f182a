/** Collections: the mutations a node gathered for a rank, identified by a hash of rank and mutations. */
import { left, right, type Either } from 'fp-ts/Either';
import { canonicalJsonOf } from '../wire/canonical';
import { sha256Hex } from './hash';
import { malformedItem, type CheckProblem } from '../inbound/message-check';
import type { Collected } from './types';

const COLLECTED_CONTEXT = 'rx-consensus/collected/v1\n';

export const collectedId = (rank: number, mutations: readonly string[]): string =>
  sha256Hex(COLLECTED_CONTEXT + canonicalJsonOf({ mutations, rank }));

export const makeCollected = (rank: number, mutations: readonly string[]): Collected => ({
  rank,
  id: collectedId(rank, mutations),
  mutations: [...mutations],
});

export function checkCollected(c: Collected): Either<CheckProblem, Collected> {
  return collectedId(c.rank, c.mutations) === c.id
    ? right(c)
    : left(malformedItem('id', 'does not match the hash of rank and mutations'));
}
