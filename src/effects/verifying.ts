/**
 * verifying: confirm the finalized state to the network (once per rank), forget votes cast far
 * below it, then `verification_done`, on which the reducer makes it the active state and drops
 * the round data at or below its rank.
 */
import { concat, defer, EMPTY, ignoreElements, of } from 'rxjs';
import { MachineEvent } from '../machine/states';
import type { StateEffect } from './context';

export const verifying: StateEffect = (ctx) => {
  const finalized = ctx.entry.finalized;
  const confirm =
    finalized !== null && ctx.entry.confirmedRank < finalized.rank
      ? concat(
          ctx
            .callVoid('voting.sendConfirmation', (signal) =>
              ctx.providers.voting.sendConfirmation(finalized.state, signal),
            )
            .pipe(ignoreElements()),
          of(ctx.update({ kind: 'confirmed', rank: finalized.rank })),
        )
      : EMPTY;
  const forgetOldVotes = defer(() => {
    if (finalized !== null) ctx.voteStore.pruneThrough?.(finalized.rank - ctx.rankWindow);
    return EMPTY;
  });
  return concat(confirm, forgetOldVotes, of(ctx.emit(MachineEvent.VerificationDone)));
};
