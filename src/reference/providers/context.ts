/** Everything the reference providers share: who this node is, how it signs and checks, where it sends, what it knows. */
import type { Broadcasts } from '../../wire/broadcasts';
import type { Signer } from '../../wire/signature';
import type { BlockTree } from '../block-tree';
import type { LeaderSchedule } from '../leader-schedule';
import type { MutationPool } from '../mutation-pool';
import type { Pacemaker } from '../pacemaker';
import type { SafetyRules } from '../safety-rules';
import type { ValidatorStore } from '../store/types';
import type { Ballot, Collected, Frame, PeerId, QuorumCert } from '../types';
import type { Verification } from '../verification';
import type { VotesTo } from '../validator/options';

export interface NodeContext {
  readonly self: PeerId;
  readonly signer: Signer;
  readonly check: Verification;
  /** Broadcasts; each call is contained (a throwing transport is reported, never thrown). */
  readonly send: Broadcasts<Frame, Ballot, PeerId, Collected>;
  readonly pool: MutationPool;
  readonly maxMutationsPerFrame: number;
  /** The proof string a frame carries (a placeholder for a real proof of the state transition). */
  readonly prove: (parent: string, mutations: readonly string[]) => string;
  readonly store: ValidatorStore;
  /** What this node may sign: every vote and proposal goes through them (and is recorded) first. */
  readonly safety: SafetyRules;
  readonly tree: BlockTree;
  readonly pacemaker: Pacemaker;
  /** The rank of the machine's round in progress. */
  round(): number;
  /**
   * Who this node's votes go to. With `'next-leader'` the others' ballots mostly reach only the
   * next leader, so a certificate for the round also counts when learnt from its proposal.
   */
  readonly votesTo: VotesTo;
  /** Who leads each rank. */
  readonly leaders: LeaderSchedule;
  /** This node's time at `rank` ran out: sign (once) and broadcast a timeout. */
  timedOut(rank: number): void;
  /** A QC this node formed from the ballots it holds. */
  certified(qc: QuorumCert): void;
}
