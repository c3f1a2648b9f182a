/**
 * When a Byzantine node learns that a round has started, and on which frame: a confirmation of
 * rank r − 1 carries the prior frame of round r, a proposal at rank r names it as its parent.
 * Each rank is reported once, in increasing order, so replays of old messages open nothing.
 */
import { filter, map, type Observable } from 'rxjs';
import type { Frame } from '../../reference/types';
import type { ByzantineContext, ReferenceMessage } from './types';

export interface RoundOpening {
  /** The rank being decided. */
  readonly rank: number;
  /**
   * The frame it builds on. Learnt from a proposal's parent it is a stub: only `rank` and `id` are
   * real, which is all `buildFrame` and `signBallot` read from a prior.
   */
  readonly prior: Frame;
}

export function roundOpenings(ctx: ByzantineContext): Observable<RoundOpening> {
  let highest = -1;
  return ctx.inbound$.pipe(
    map(({ message }) => openingOf(ctx.genesis, message)),
    filter((opening): opening is RoundOpening => {
      if (opening === null || opening.rank <= highest) return false;
      highest = opening.rank;
      return true;
    }),
  );
}

function openingOf(genesis: Frame, message: ReferenceMessage): RoundOpening | null {
  switch (message.kind) {
    case 'confirmation':
      return { rank: message.confirmation.rank + 1, prior: message.confirmation };
    case 'proposal': {
      const { rank, parent } = message.proposal;
      return { rank, prior: { ...genesis, id: parent, rank: rank - 1 } };
    }
    default:
      return null;
  }
}
