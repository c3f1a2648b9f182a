/**
 * loading: synchronize, adopt the result as the active state, ask for the next leaders; if this
 * node is among them the round can start (`sync_complete`), otherwise, or when sync fails, retry
 * after the back-off via `sync_timeout` (a failure here does not `induce_sync`, which would only
 * re-enter loading at once). After provider failures it first waits the failure back-off.
 */
import { catchError, concat, defer, map, mergeMap, of, timer } from 'rxjs';
import { MachineEvent } from '../machine/states';
import { leaders, present } from './answers';
import type { StateEffect } from './context';

export const loading: StateEffect = (ctx) => {
  const retryLater = () =>
    timer(ctx.syncRetryDelay, ctx.scheduler).pipe(map(() => ctx.emit(MachineEvent.SyncTimeout)));
  const prior = ctx.entry.activeState;
  const backoff = ctx.failureBackoff();
  const synchronize = ctx.call(
    'sync.synchronize',
    (signal) => ctx.providers.sync.synchronize(prior, signal),
    present,
  );
  const afterBackoff =
    backoff > 0 ? timer(backoff, ctx.scheduler).pipe(mergeMap(() => synchronize)) : defer(() => synchronize);
  return afterBackoff.pipe(
    mergeMap((synced) => {
      const rank = ctx.rankOfState(synced);
      return concat(
        of(ctx.update({ kind: 'adopt', state: synced, rank })),
        ctx
          .call(
            'leader.getNextLeaders',
            (signal) => ctx.providers.leader.getNextLeaders(synced, signal),
            leaders,
          )
          .pipe(
            mergeMap((provers) => {
              const leading = provers.some((p) => ctx.domain.peer.identity(p) === ctx.selfId);
              if (!leading)
                ctx.tracer.trace(`loading: ${ctx.selfId} is not among the next leaders; retrying`);
              return concat(
                of(ctx.update({ kind: 'provers', provers: [...provers] })),
                leading ? of(ctx.emit(MachineEvent.SyncComplete)) : retryLater(),
              );
            }),
          ),
      );
    }),
    catchError((err: unknown) => {
      ctx.tracer.error('loading: synchronization failed; retrying after back-off', err);
      return retryLater();
    }),
  );
};
