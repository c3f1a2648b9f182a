/** `stop` from every running state ends in `stopped` with nothing left scheduled. */
import { Observable } from 'rxjs';
import { MachineState, RUNNING_STATES } from '../../src';
import { createFixture, virtualScheduler } from '../support/fixture';
import { onFirstEntry, transitionsOf } from '../support/drive';
import { DWELL } from '../support/dwell';

describe('stop', () => {
  it.each(RUNNING_STATES)(
    'from %s ends in stopped, with every timer and provider call cancelled',
    (state) => {
      const scheduler = virtualScheduler();
      const f = createFixture({ scheduler, ...DWELL[state] });
      const log = transitionsOf(f.sm);
      onFirstEntry(f.sm, scheduler, state, () => f.sm.stop(), 5);
      f.sm.start();
      // flush() returns only once no action is left: a live timer or provider delay would loop forever.
      scheduler.flush();
      expect(f.sm.getState()).toBe(MachineState.Stopped);
      expect(log.slice(-2).map((t) => `${t.from} --${t.event}--> ${t.to}`)).toEqual([
        `${state} --stop--> stopping`,
        'stopping --cleanup_complete--> stopped',
      ]);
      expect(scheduler.actions).toHaveLength(0);
      // A call still in flight (one the state waits on, answering late) is cancelled: its signal
      // fired. A call that answered at once had nothing left to cancel.
      const delays: Partial<Record<string, number>> = DWELL[state].delays ?? {};
      const inFlight = f.calls.filter((call) => delays[call.method] !== undefined);
      for (const call of inFlight) expect(call.signal?.aborted).toBe(true);
    },
  );

  it('is refused in stopped, where only start has a row', () => {
    const f = createFixture({ scheduler: virtualScheduler() });
    const answer = f.sm.stop();
    expect(answer).toMatchObject({ _tag: 'Left', left: { reason: 'no_transition' } });
    expect(f.sm.getState()).toBe(MachineState.Stopped);
  });

  it('can start again after stopping and run a round', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, delays: { collect: 10 } });
    onFirstEntry(f.sm, scheduler, MachineState.Voting, () => f.sm.stop());
    f.sm.start();
    scheduler.flush();
    expect(f.sm.getState()).toBe(MachineState.Stopped);
    const rank = f.sm.getSnapshot().activeRank;
    onFirstEntry(f.sm, scheduler, MachineState.Verifying, () => f.sm.close(), 1);
    f.sm.start();
    scheduler.flush();
    expect(f.sm.getSnapshot().activeRank).toBeGreaterThan(rank);
  });

  it('close() cancels everything at once and refuses later calls', () => {
    const scheduler = virtualScheduler();
    let unsubscribed = false;
    const f = createFixture({
      scheduler,
      overrides: { proveNextState: () => new Observable(() => () => (unsubscribed = true)) },
    });
    onFirstEntry(f.sm, scheduler, MachineState.Proving, () => f.sm.close(), 3);
    let completed = false;
    f.sm.state$.subscribe({ complete: () => (completed = true) });
    f.sm.start();
    scheduler.flush();
    expect(unsubscribed).toBe(true);
    expect(completed).toBe(true);
    expect(f.sm.getState()).toBe(MachineState.Stopped);
    expect(scheduler.actions).toHaveLength(0);
    expect(f.sm.start()).toMatchObject({ _tag: 'Left', left: { reason: 'closed' } });
    expect(f.sm.receiveProposal('p', { rank: 9, id: 'x' })).toMatchObject({
      _tag: 'Left',
      left: { reason: 'closed' },
    });
  });
});
