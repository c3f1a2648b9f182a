/** Bounded memory: round data at or below the active rank is dropped as rounds complete. */
import { createMemoryVoteStore, MachineState } from '../../src';
import { ballot, createFixture, virtualScheduler, type Ballot } from '../support/fixture';

describe('pruning', () => {
  it('keeps only open ranks and recent votes after thousands of rounds', () => {
    const scheduler = virtualScheduler();
    const voteStore = createMemoryVoteStore<Ballot, string>();
    const f = createFixture({ scheduler, voteStore, delays: { collect: 1 } });
    const openRanks: number[] = [];
    f.sm.addListener({
      onTransition: (_from, to) => {
        if (to !== MachineState.Collecting) return;
        const s = f.sm.getSnapshot();
        // Peers run ahead: data for the next ranks arrives before this node gets there.
        f.sm.receiveVote('peer', 'peer', ballot(s.activeRank + 2, 'peer'));
        f.sm.receiveLivenessCheck('peer', { rank: s.activeRank + 3, id: `c${s.activeRank}` });
        openRanks.push(s.rounds.rounds.length);
      },
    });
    scheduler.schedule(() => f.sm.close(), 1_000 + 5_000);
    f.sm.start();
    scheduler.flush();
    const s = f.sm.getSnapshot();
    expect(s.activeRank).toBeGreaterThanOrEqual(4_999);
    expect(Math.max(...openRanks)).toBeLessThanOrEqual(3);
    expect(s.rounds.ranks().every((r) => r > s.activeRank)).toBe(true);
    expect(voteStore.size()).toBeLessThanOrEqual(17);
  });
});
