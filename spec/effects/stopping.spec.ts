/** stopping alone: cancel the vote decisions still in flight, then `cleanup_complete` at once. */
import { NEVER } from 'rxjs';
import { stopping } from '../../src/effects/stopping';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import { collect, createHarness, event, testScheduler } from './harness';
import { leasedCall } from '../../src/operators/abort-lease';

describe('stopping', () => {
  it('cancels every vote decision in flight, then cleanup_complete', () => {
    const h = createHarness(testScheduler(), { state: S.Stopping, event: E.Stop });
    const signals: AbortSignal[] = [];
    for (const rank of [6, 40]) {
      h.decisions.at(rank, (lease) =>
        leasedCall(lease, 'voting.decideVote', (signal) => {
          signals.push(signal);
          return NEVER;
        }),
      );
    }
    expect(collect(stopping(h.ctx))).toEqual({ values: [event(E.CleanupComplete)], complete: true });
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
    expect([h.decisions.has(6), h.decisions.has(40)]).toEqual([false, false]);
    expect(h.calls).toEqual([]);
  });
});
