/**
 * Leader turns: which leaders' latest rank as leader ended in a timeout certificate, so that a
 * vote whose next leader failed its last turn goes to everyone (with votes to the next leader).
 */
import { createLeaderTurns } from '../../src/reference/validator/leader-turns';

const leaders = ['v0', 'v1', 'v2', 'v3'];
const leaderAt = (rank: number): string => leaders[rank % 4]!;
const suspected = (turns: ReturnType<typeof createLeaderTurns>): string[] =>
  leaders.filter((l) => turns.failedLastTurn(l));

describe('leader turns', () => {
  it('suspects the leader of a rank that ended in a timeout certificate, and only it', () => {
    const turns = createLeaderTurns(leaderAt);
    turns.certified(1);
    turns.timedOut(2);
    turns.certified(3);
    expect(suspected(turns)).toEqual(['v2']);
  });

  it('trusts a suspected leader again once a later rank it led is certified', () => {
    const turns = createLeaderTurns(leaderAt);
    turns.timedOut(2);
    turns.certified(6);
    expect(suspected(turns)).toEqual([]);
    turns.timedOut(10);
    expect(suspected(turns)).toEqual(['v2']);
  });

  it('goes by the highest rank of each leader, whatever order the certificates come in', () => {
    const turns = createLeaderTurns(leaderAt);
    turns.timedOut(6);
    turns.certified(2); // an older certificate (catch-up, a proposal's justification) changes nothing
    expect(suspected(turns)).toEqual(['v2']);
    // A certificate of the very rank that timed out (it formed, late) wins, in either order.
    turns.certified(6);
    expect(suspected(turns)).toEqual([]);
    turns.timedOut(6);
    expect(suspected(turns)).toEqual([]);
  });

  it('holds nothing for genesis, nobody’s turn', () => {
    const turns = createLeaderTurns(leaderAt);
    turns.timedOut(0);
    expect(suspected(turns)).toEqual([]);
  });
});
