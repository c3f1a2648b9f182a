/**
 * The named guards of the table: which rows carry each, and the predicates the reducer and the
 * effects evaluate them with, at their boundaries.
 */
import {
  ENOUGH_LIVENESS,
  enoughPeers,
  LATER_RANK,
  laterRank,
  NEXT_LEADER,
  QUORUM,
  quorumReached,
} from '../../src/machine/guards';
import { MachineEvent as E } from '../../src/machine/states';
import { ROUND_STATES, TRANSITIONS } from '../../src/machine/transitions';

describe('guards', () => {
  it('each guarded row names its condition; no other row has one', () => {
    const guarded = TRANSITIONS.filter((t) => t.guard !== undefined).map(
      (t) => `${t.from} ${t.event} ${t.guard}`,
    );
    expect(guarded).toEqual([
      `loading ${E.SyncComplete} ${NEXT_LEADER}`,
      `liveness_check ${E.ProverSignal} ${ENOUGH_LIVENESS}`,
      `voting ${E.QuorumReached} ${QUORUM}`,
      ...ROUND_STATES.map((s) => `${s} ${E.RankAdvanced} ${LATER_RANK}`),
    ]);
    expect([NEXT_LEADER, ENOUGH_LIVENESS, QUORUM, LATER_RANK]).toEqual([
      'next leader',
      'enough liveness',
      'quorum',
      'later rank',
    ]);
  });

  it('enoughPeers: at least the minimum', () => {
    expect([enoughPeers(1, 2), enoughPeers(2, 2), enoughPeers(3, 2)]).toEqual([false, true, true]);
    expect(enoughPeers(0, 0)).toBe(true);
  });

  it('quorumReached: the provider says so, over enough proposals', () => {
    expect(quorumReached(true, 2, 2)).toBe(true);
    expect(quorumReached(true, 1, 2)).toBe(false);
    expect(quorumReached(false, 5, 2)).toBe(false);
  });

  it('laterRank: strictly after the active rank', () => {
    expect([laterRank(4, 5), laterRank(5, 5), laterRank(6, 5)]).toEqual([false, false, true]);
  });
});
