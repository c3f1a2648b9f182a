/** finalizing: aggregate the next rank's proposals and votes into the finalized state, then `aggregation_done`. */
import { mergeMap, of } from 'rxjs';
import { MachineEvent } from '../machine/states';
import { withFields } from './answers';
import type { StateEffect } from './context';

export const finalizing: StateEffect = (ctx) => {
  const round = ctx.entry.rounds.at(ctx.entry.activeRank + 1);
  const proposals = round?.proposals.toMap() ?? new Map();
  const votes = round?.votes.toMap() ?? new Map();
  return ctx
    .call(
      'voting.finalizeVotes',
      (signal) => ctx.providers.voting.finalizeVotes(proposals, votes, signal),
      withFields('state', 'proposer'),
    )
    .pipe(
      mergeMap(({ state, proposer }) =>
        of(
          ctx.update({ kind: 'finalized', state, proposer, rank: ctx.rankOfState(state) }),
          ctx.emit(MachineEvent.AggregationDone),
        ),
      ),
    );
};
