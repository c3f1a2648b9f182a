/**
 * liveness_check: make sure enough next provers are known (re-fetch if fewer than the minimum),
 * re-announce liveness when re-entered by its timeout, and signal the provers as soon as liveness
 * checks from at least `minimumProvers()` peers are stored for the next rank.
 */
import { concat, EMPTY, ignoreElements, map, merge, of } from 'rxjs';
import { enoughPeers } from '../machine/guards';
import { MachineEvent } from '../machine/states';
import { leaders } from './answers';
import type { StateEffect } from './context';

export const livenessCheck: StateEffect = (ctx) => {
  const next = ctx.entry.activeRank + 1;
  const prior = ctx.entry.activeState;
  const collected = ctx.entry.collected;

  const refetch =
    ctx.entry.nextProvers.length < ctx.minimumProvers()
      ? ctx
          .call(
            'leader.getNextLeaders',
            (signal) => ctx.providers.leader.getNextLeaders(prior, signal),
            leaders,
          )
          .pipe(map((provers) => ctx.update({ kind: 'provers', provers: [...provers] })))
      : EMPTY;
  const resend =
    ctx.event === MachineEvent.LivenessTimeout && collected !== null
      ? ctx
          .callVoid('liveness.sendLiveness', (signal) =>
            ctx.providers.liveness.sendLiveness(prior, collected, signal),
          )
          .pipe(ignoreElements())
      : EMPTY;
  const enoughProvers = ctx.whenever(() => {
    const live = ctx.current().rounds.at(next)?.liveness.size ?? 0;
    return enoughPeers(live, ctx.minimumProvers()) ? of(ctx.emit(MachineEvent.ProverSignal)) : EMPTY;
  });
  const work =
    refetch === EMPTY && resend === EMPTY ? enoughProvers : merge(concat(refetch, resend), enoughProvers);
  return ctx.event === MachineEvent.LivenessTimeout ? merge(ctx.roundTimedOut(next), work) : work;
};
