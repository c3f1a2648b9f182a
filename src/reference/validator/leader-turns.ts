/**
 * Leaders whose last turn failed. With votes to the next leader only, a vote for rank r goes to
 * the leader of r + 1, which forms the certificate; when that leader is down or silent, the
 * certificate of r forms only once the votes are re-sent to everyone (a re-send pass later), and
 * its own rank then times out as well. So a vote whose next leader's last rank as leader ended in
 * a timeout certificate goes to everyone at once: every validator forms the certificate of r
 * itself, and only the silent leader's own rank is lost, as with votes to everyone. So does a
 * vote at a rank whose own leader failed its last turn: a leader that equivocated (showed its
 * peers different proposals) splits the votes, which only the next leader would see, and the
 * others would wait for a re-send pass before timing out; sent to everyone, each sees the split
 * and times out at once. A leader whose rank is later certified is trusted again.
 *
 * Learnt from every certificate this node takes (its own quorum, a proposal's, a timeout's,
 * catch-up's): for each leader, the outcome of the highest of its ranks seen, a certificate of a
 * rank winning over a timeout certificate of the same rank. Keyed by validators only, so it holds
 * at most one entry per validator.
 */
import type { PeerId } from '../types';

export interface LeaderTurns {
  /** A quorum certificate of `rank`: its leader's turn succeeded. */
  certified(rank: number): void;
  /** A timeout certificate of `rank`: its leader's turn failed (unless a certificate of it comes). */
  timedOut(rank: number): void;
  /** Whether `leader`'s latest rank as leader that this node saw end ended in a timeout. */
  failedLastTurn(leader: PeerId): boolean;
}

export function createLeaderTurns(leaderAt: (rank: number) => PeerId): LeaderTurns {
  const last = new Map<PeerId, { readonly rank: number; readonly failed: boolean }>();
  const seen = (rank: number, failed: boolean): void => {
    if (rank < 1) return; // genesis: nobody's turn
    const leader = leaderAt(rank);
    const known = last.get(leader);
    if (known !== undefined && (known.rank > rank || (known.rank === rank && failed))) return;
    last.set(leader, { rank, failed });
  };
  return {
    certified: (rank) => seen(rank, false),
    timedOut: (rank) => seen(rank, true),
    failedLastTurn: (leader) => last.get(leader)?.failed === true,
  };
}
