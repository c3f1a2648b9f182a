/**
 * publishing: send this node's proposal for the next rank, then `publish_complete`. A node
 * without a proposal waits for the state's timeout (`publish_timeout` moves it to voting).
 */
import { concat, EMPTY, ignoreElements, of } from 'rxjs';
import { MachineEvent } from '../machine/states';
import type { StateEffect } from './context';

export const publishing: StateEffect = (ctx) => {
  const mine = ctx.entry.rounds.at(ctx.entry.activeRank + 1)?.proposals.get(ctx.selfId);
  if (mine === undefined) return EMPTY;
  return concat(
    ctx
      .callVoid('voting.sendProposal', (signal) => ctx.providers.voting.sendProposal(mine, signal))
      .pipe(ignoreElements()),
    of(ctx.emit(MachineEvent.PublishComplete)),
  );
};
