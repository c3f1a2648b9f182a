/**
 * Voting: event-driven progress, one `isQuorum` per burst, no cancelled decision on internal
 * rows, and vote safety across induce_sync, re-entry and restart.
 */
import { Observable, timer, map } from 'rxjs';
import { createMemoryVoteStore, MachineState } from '../../src';
import { ballot, createFixture, frame, virtualScheduler, type Ballot } from '../support/fixture';
import { onFirstEntry, transitionsOf } from '../support/drive';

describe('voting', () => {
  it('moves on the instant a vote completes the quorum, without waiting for a timer', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, quorum: 3, delays: { collect: 10 } });
    const log = transitionsOf(f.sm);
    onFirstEntry(
      f.sm,
      scheduler,
      MachineState.Voting,
      () => {
        f.sm.receiveVote('n1', 'v2', ballot(1, 'v2'));
      },
      300,
    );
    onFirstEntry(
      f.sm,
      scheduler,
      MachineState.Voting,
      () => {
        f.sm.receiveVote('n1', 'v3', ballot(1, 'v3'));
      },
      700,
    );
    onFirstEntry(f.sm, scheduler, MachineState.Finalizing, () => f.sm.close(), 1);
    f.sm.start();
    scheduler.flush();
    const voting = log.find((t) => t.to === MachineState.Voting)!;
    expect(log.find((t) => t.from === MachineState.Voting)).toMatchObject({
      event: 'quorum_reached',
      at: voting.at + 700,
    });
  });

  it('costs one isQuorum call for a burst of 10,000 votes in one instant', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, quorum: Infinity, delays: { collect: 10 } });
    onFirstEntry(
      f.sm,
      scheduler,
      MachineState.Voting,
      () => {
        const before = f.callsTo('isQuorum').length;
        for (let i = 0; i < 10_000; i++) f.sm.receiveVote('n1', `v${i}`, ballot(1, `v${i}`));
        scheduler.schedule(() => {
          expect(f.callsTo('isQuorum').length - before).toBe(1);
          expect(f.callsTo('isQuorum').at(-1)!.args[0]).toBe(10_001);
          f.sm.close();
        }, 1);
      },
      50,
    );
    f.sm.start();
    scheduler.flush();
    expect(f.sm.getState()).toBe(MachineState.Stopped);
  });

  it('does not cancel a decision in flight or restart the timeout when proposals and votes arrive', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, quorum: Infinity, delays: { collect: 10, decideAndSendVote: 400 } });
    const log = transitionsOf(f.sm);
    onFirstEntry(f.sm, scheduler, MachineState.Voting, () => {
      for (let i = 0; i < 5; i++) {
        scheduler.schedule(() => f.sm.receiveProposal(`p${i}`, frame(1, `x${i}`)), 50 * i);
        scheduler.schedule(
          () => f.sm.receiveVote(`p${i}`, `v${i}`, ballot(1, `v${i}`, `x${i}`)),
          50 * i + 10,
        );
      }
    });
    onFirstEntry(f.sm, scheduler, MachineState.Voting, () => f.sm.close(), 10_500);
    f.sm.start();
    scheduler.flush();
    const decisions = f.callsTo('decideAndSendVote');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.signal!.aborted).toBe(true); // only because the machine was closed at the end
    expect(f.sm.getSnapshot().ownVote).toMatchObject({ rank: 1, proposer: 'n1' });
    const entered = log.find((t) => t.to === MachineState.Voting)!.at;
    expect(log.find((t) => t.event === 'voting_timeout')!.at).toBe(entered + 10_000);
  });

  it('never decides twice at a rank across induce_sync: the vote cast is re-published with sendVote', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, quorum: Infinity, delays: { collect: 10 } });
    let inducedAt = -1;
    onFirstEntry(
      f.sm,
      scheduler,
      MachineState.Voting,
      () => {
        inducedAt = scheduler.now();
        f.sm.sendEvent('induce_sync');
      },
      100,
    );
    f.sm.addListener({
      onTransition: (_from, to) => {
        if (to === MachineState.Voting && inducedAt >= 0 && scheduler.now() > inducedAt)
          scheduler.schedule(() => f.sm.close(), 1);
      },
    });
    f.sm.start();
    scheduler.flush();
    expect(f.callsTo('decideAndSendVote')).toHaveLength(1);
    const republished = f.callsTo('sendVote');
    expect(republished).toHaveLength(1);
    expect(republished[0]!.args[0]).toEqual(ballot(1, 'n1', 'f1'));
  });

  it('keeps vote safety across a restart with the same vote store', () => {
    const scheduler = virtualScheduler();
    const voteStore = createMemoryVoteStore<Ballot, string>();
    const first = createFixture({ scheduler, quorum: Infinity, voteStore, delays: { collect: 10 } });
    onFirstEntry(first.sm, scheduler, MachineState.Voting, () => first.sm.close(), 10);
    first.sm.start();
    scheduler.flush();
    expect(voteStore.votedAt(1)).toMatchObject({ rank: 1, vote: ballot(1, 'n1', 'f1') });

    // The restarted node would decide differently (another proposal sorts first): it must not.
    const second = createFixture({ scheduler, quorum: Infinity, voteStore, delays: { collect: 10 } });
    second.sm.receiveProposal('a-first', frame(1, 'other'));
    onFirstEntry(second.sm, scheduler, MachineState.Voting, () => second.sm.close(), 10);
    second.sm.start();
    scheduler.flush();
    expect(second.callsTo('decideAndSendVote')).toHaveLength(0);
    expect(second.callsTo('sendVote').map((c) => c.args[0])).toEqual([ballot(1, 'n1', 'f1')]);
  });

  it('records a vote whose Promise settles after the state was left', async () => {
    const scheduler = virtualScheduler();
    const voteStore = createMemoryVoteStore<Ballot, string>();
    let resolve: (v: { proposer: string; vote: Ballot }) => void = () => undefined;
    const f = createFixture({
      scheduler,
      quorum: Infinity,
      voteStore,
      delays: { collect: 10 },
      overrides: { decideAndSendVote: () => new Promise((r) => (resolve = r)) },
    });
    onFirstEntry(f.sm, scheduler, MachineState.Voting, () => f.sm.close(), 5);
    f.sm.start();
    scheduler.flush();
    resolve({ proposer: 'n1', vote: ballot(1, 'n1', 'late') });
    await Promise.resolve();
    expect(voteStore.votedAt(1)?.vote).toEqual(ballot(1, 'n1', 'late'));
  });

  it('fires the abort signal and unsubscribes a provider Observable when the state is left', () => {
    const scheduler = virtualScheduler();
    const unsubscribedAt: number[] = [];
    const f = createFixture({
      scheduler,
      delays: { collect: 10 },
      overrides: {
        finalizeVotes: () =>
          new Observable<never>(() => () => {
            unsubscribedAt.push(scheduler.now());
          }),
      },
      timeouts: { finalizing: 300 },
    });
    onFirstEntry(f.sm, scheduler, MachineState.Finalizing, () => f.sm.close(), 301);
    f.sm.start();
    scheduler.flush();
    const call = f.callsTo('finalizeVotes')[0]!;
    expect(call.signal!.aborted).toBe(true);
    // Left by aggregation_timeout (a real self-loop) at entry + 300: the first call is cancelled then.
    // and the second call when the machine is closed a millisecond later.
    expect(unsubscribedAt).toEqual([call.at + 300, call.at + 301]);
    expect(f.callsTo('finalizeVotes')).toHaveLength(2);
  });

  it('waits for the timeout when no provider answers, then re-evaluates with fresh effects', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({
      scheduler,
      delays: { collect: 10 },
      overrides: { isQuorum: () => timer(20_000, scheduler).pipe(map(() => true)) },
    });
    const log = transitionsOf(f.sm);
    onFirstEntry(f.sm, scheduler, MachineState.Voting, () => f.sm.close(), 10_001);
    f.sm.start();
    scheduler.flush();
    expect(log.filter((t) => t.event === 'voting_timeout')).toHaveLength(1);
    expect(f.callsTo('isQuorum')).toHaveLength(2);
    expect(f.callsTo('isQuorum')[0]!.signal!.aborted).toBe(true);
  });
});
