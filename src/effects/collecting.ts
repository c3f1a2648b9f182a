/**
 * collecting: gather this round's mutations, learn the next provers, announce liveness (and
 * record it as received if `emitReceiveEventsOnSends`), then `collection_done`. The reducer has
 * already reset the round's provers and chosen proposer on entry.
 */
import { concat, EMPTY, ignoreElements, map, mergeMap, of } from 'rxjs';
import { MachineEvent } from '../machine/states';
import { leaders, present } from './answers';
import type { StateEffect } from './context';

export const collecting: StateEffect = (ctx) => {
  const prior = ctx.entry.activeState;
  const { liveness, leader } = ctx.providers;
  return ctx
    .call('liveness.collect', (signal) => liveness.collect(signal), present)
    .pipe(
      mergeMap((collected) =>
        concat(
          of(ctx.update({ kind: 'collected', collected })),
          ctx
            .call('leader.getNextLeaders', (signal) => leader.getNextLeaders(prior, signal), leaders)
            .pipe(map((provers) => ctx.update({ kind: 'provers', provers: [...provers] }))),
          ctx
            .callVoid('liveness.sendLiveness', (signal) => liveness.sendLiveness(prior, collected, signal))
            .pipe(ignoreElements()),
          ctx.emitReceiveEventsOnSends ? ctx.own(ctx.read.liveness(ctx.self, collected, true)) : EMPTY,
          of(ctx.emit(MachineEvent.CollectionDone)),
        ),
      ),
    );
};
