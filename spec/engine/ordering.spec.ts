/**
 * Strict ordering: events raised while another is processed are queued; every subscriber and
 * listener sees transitions in order; a throwing listener or subscriber is reported and consensus
 * goes on; the same inputs give the same run.
 */
import { MachineState, type TransitionRecord } from '../../src';
import { ballot, createFixture, frame, virtualScheduler } from '../support/fixture';
import { transitionsOf } from '../support/drive';

const chained = (log: readonly { from: string; to: string }[]) =>
  log.every((t, i) => i === 0 || t.from === log[i - 1]!.to);

describe('ordering', () => {
  it('a listener that synchronously raises events and receives messages never sees transitions out of order', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, delays: { collect: 10 } });
    const seenByListener: { from: string; to: string; event: string }[] = [];
    const seenBySubscriber = transitionsOf(f.sm);
    const answers: string[] = [];
    let interfere = 12;
    f.sm.addListener({
      onTransition: (from, to, event) => {
        seenByListener.push({ from, to, event });
        // Interfere a bounded number of times: a hand-sent collection_done before anything is
        // collected sends the machine back through loading, in the same instant.
        if (to === MachineState.Collecting && interfere-- > 0) {
          // Re-entrant calls: each is queued behind the transition being processed.
          const r = f.sm.receiveLivenessCheck('peer', {
            rank: f.sm.getSnapshot().activeRank + 1,
            id: 'live',
          });
          answers.push(r._tag === 'Right' ? r.right.status : r.left.reason);
          f.sm.sendEvent('collection_done');
          f.sm.receiveProposal('peer', frame(f.sm.getSnapshot().activeRank + 1, 'theirs'));
        }
        if (to === MachineState.Voting)
          f.sm.receiveVote('peer', 'peer', ballot(f.sm.getSnapshot().activeRank + 1, 'peer'));
      },
    });
    scheduler.schedule(() => f.sm.close(), 1_500);
    f.sm.start();
    scheduler.flush();
    expect(answers).toHaveLength(12);
    expect(answers.every((a) => a === 'queued')).toBe(true);
    expect(seenByListener.length).toBeGreaterThan(40);
    expect(chained(seenByListener)).toBe(true);
    expect(seenByListener).toEqual(seenBySubscriber.map(({ from, to, event }) => ({ from, to, event })));
    // The hand-sent collection_done was queued, then taken in collecting before the machine's own.
    expect(seenByListener.filter((t) => t.event === 'collection_done').length).toBeGreaterThan(0);
  });

  it('every subscriber sees the same transitions in the same order, subscribers that raise events included', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, delays: { collect: 10 } });
    const a: TransitionRecord[] = [];
    const b: TransitionRecord[] = [];
    f.sm.transition$.subscribe((t) => {
      a.push(t);
      if (t.to === MachineState.Publishing) f.sm.sendEvent('stop');
    });
    f.sm.transition$.subscribe((t) => b.push(t));
    f.sm.start();
    scheduler.flush();
    expect(a).toEqual(b);
    expect(chained(a)).toBe(true);
    expect(a.slice(-3).map((t) => t.to)).toEqual([
      MachineState.Publishing,
      MachineState.Stopping,
      MachineState.Stopped,
    ]);
  });

  it('a throwing listener or state$ subscriber is reported and consensus goes on', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, delays: { collect: 10 } });
    f.sm.addListener({
      onTransition: () => {
        throw new Error('listener bug');
      },
    });
    f.sm.state$.subscribe(() => {
      throw new Error('subscriber bug');
    });
    scheduler.schedule(() => f.sm.close(), 1_100);
    f.sm.start();
    scheduler.flush();
    expect(f.sm.getSnapshot().activeRank).toBeGreaterThan(5);
    expect(f.errors.some((e) => e.message.includes('listener threw'))).toBe(true);
    expect(f.errors.some((e) => e.message.includes("subscriber's next handler threw"))).toBe(true);
  });

  it('a removed listener is no longer called', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, delays: { collect: 10 } });
    let calls = 0;
    const remove = f.sm.addListener({ onTransition: () => calls++ });
    f.sm.start();
    remove();
    scheduler.schedule(() => f.sm.close(), 1_100);
    scheduler.flush();
    expect(calls).toBe(1);
  });

  it('is deterministic: the same inputs on the same virtual clock give the same transitions and snapshot', () => {
    const run = () => {
      const scheduler = virtualScheduler();
      const f = createFixture({ scheduler, delays: { collect: 7, proveNextState: 13 } });
      const log = transitionsOf(f.sm);
      for (let t = 0; t < 3000; t += 97) {
        scheduler.schedule(
          () => f.sm.receiveVote('x', `v${t}`, ballot(f.sm.getSnapshot().activeRank + 1, `v${t}`)),
          t,
        );
      }
      scheduler.schedule(() => f.sm.close(), 3_000);
      f.sm.start();
      scheduler.flush();
      return { log, counts: f.sm.getSnapshot().rounds.counts(), rank: f.sm.getSnapshot().activeRank };
    };
    const first = run();
    expect(first.log.length).toBeGreaterThan(100);
    expect(run()).toEqual(first);
  });
});
