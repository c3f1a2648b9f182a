/**
 * Re-sending: what this validator signed at the rank in progress goes out again while that rank
 * does not move, so a lossy network only delays it. A rank that moved since the last pass is
 * evidence that nothing is missing: a pass re-sends only a rank it already found at the pass
 * before (one that has lasted a whole `resendEvery`), and then at every pass while it stays. So a
 * network whose ranks move is sent no copies, and a copy that arrives is evidence that its sender
 * is stuck at its rank (peers answer it with a confirmation). A proposal or vote already sealed
 * goes out byte for byte (no signing); after a restart the store's copy is sealed once more. A
 * validator missing frames it needs asks for them again at every pass.
 */
import { MachineState } from '../../machine/states';
import type { Broadcasts } from '../../wire/broadcasts';
import type { BlockTree } from '../block-tree';
import type { Pacemaker } from '../pacemaker';
import type { ValidatorStore } from '../store/types';
import type { Ballot, Collected, Frame, PeerId } from '../types';
import type { CatchUp } from './catch-up';
import type { ReferenceMachine } from './machine';
import type { Outbound } from './outbound';
import type { Rounds } from './rounds';

export interface ResendOptions {
  readonly self: PeerId;
  readonly machine: ReferenceMachine;
  readonly store: ValidatorStore;
  readonly tree: BlockTree;
  readonly pacemaker: Pacemaker;
  readonly outbound: Outbound;
  readonly send: Broadcasts<Frame, Ballot, PeerId, Collected>;
  readonly rounds: Rounds;
  readonly catchUp: CatchUp;
  readonly leaderOf: (rank: number) => PeerId;
}

/** One re-send pass (called every `resendEvery` ms). */
export function createResend(o: ResendOptions): () => void {
  const { machine, store, tree, outbound } = o;
  /** The rank the last pass found. */
  let lastRank = -1;

  function resendAt(rank: number): void {
    const signed = store.signedAt(rank);
    const again = (kind: 'proposal' | 'vote', seal: () => void): void => {
      const held = outbound.lastSealed(kind);
      if (held !== undefined && held.rank === rank) outbound.transmit(held.envelope, undefined, held.bytes);
      else seal();
    };
    const proposal = signed?.proposal;
    if (proposal !== undefined && o.leaderOf(rank) === o.self)
      again('proposal', () => o.send.proposal(proposal));
    const vote = signed?.vote;
    if (vote !== undefined) again('vote', () => o.send.vote(vote.proposer, vote));
    if (signed?.timeout !== undefined) o.rounds.timeOut(rank);
  }

  return () => {
    if (machine.getState() === MachineState.Stopped) return;
    const rank = machine.getSnapshot().activeRank + 1;
    if (rank === lastRank) resendAt(rank);
    lastRank = rank;
    const known = tree.lastFinalized.frame.rank;
    if (tree.highestCertified.frame.rank > known + 1 || tree.frame(o.pacemaker.highQc.frame) === undefined)
      o.catchUp.request();
  };
}
