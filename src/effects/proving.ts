/**
 * proving: build the next state from the active one and the collected mutations, and store it as
 * this node's own proposal at its rank (first write wins, so a re-entry cannot make this node
 * propose twice); then `proof_complete`. Nothing collected: `induce_sync`.
 */
import { concat, mergeMap, of } from 'rxjs';
import { MachineEvent } from '../machine/states';
import { present } from './answers';
import type { StateEffect } from './context';

export const proving: StateEffect = (ctx) => {
  const collected = ctx.entry.collected;
  if (collected === null) {
    ctx.tracer.trace('proving: nothing collected this round; inducing sync');
    return of(ctx.emit(MachineEvent.InduceSync));
  }
  const prior = ctx.entry.activeState;
  return ctx
    .call(
      'leader.proveNextState',
      (signal) => ctx.providers.leader.proveNextState(prior, collected, signal),
      present,
    )
    .pipe(
      mergeMap((proposal) =>
        concat(
          ctx.own(ctx.read.proposal(ctx.self, proposal, true)),
          of(ctx.emit(MachineEvent.ProofComplete)),
        ),
      ),
    );
};
