/**
 * A live view of the proposals a machine has stored, so the vote decision can keep watching for a
 * better proposal after the engine asked for a vote (the engine hands `decideAndSendVote` a copy
 * taken at call time). `node.follow(machine)` installs one.
 */
import type { Observable } from 'rxjs';
import type { MachineSnapshot } from '../engine/snapshot';
import type { Ballot, Collected, Frame, PeerId } from './types';

export interface ProposalView {
  /** The proposals stored for `rank` now. */
  at(rank: number): Iterable<Frame>;
  /** Emits whenever they may have changed. */
  readonly changes$: Observable<unknown>;
}

/** What `follow` reads from a machine: a `StateMachine` is one. */
export interface FollowedMachine {
  readonly state$: Observable<MachineSnapshot<Frame, Ballot, PeerId, Collected>>;
  getSnapshot(): MachineSnapshot<Frame, Ballot, PeerId, Collected>;
}

export function machineProposalView(machine: FollowedMachine): ProposalView {
  return {
    at: (rank) => machine.getSnapshot().rounds.at(rank)?.proposals.values() ?? [],
    changes$: machine.state$,
  };
}
