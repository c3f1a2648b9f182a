/** Everything the reference providers share: who this node is, how it signs and checks, where it sends, what it remembers. */
import type { SchedulerLike } from 'rxjs';
import type { Broadcasts } from '../../wire/broadcasts';
import type { Signer } from '../../wire/signature';
import type { MutationPool } from '../mutation-pool';
import type { ProposalView } from '../proposal-view';
import type { RoundMemory } from '../round-memory';
import type { Ballot, Collected, Frame, PeerId } from '../types';
import type { Verification } from '../verification';

export interface NodeContext {
  readonly self: PeerId;
  readonly signer: Signer;
  readonly check: Verification;
  readonly send: Broadcasts<Frame, Ballot, PeerId, Collected>;
  readonly pool: MutationPool;
  readonly memory: RoundMemory;
  readonly maxMutationsPerFrame: number;
  /** The proof string a frame carries (a placeholder for a real proof of the state transition). */
  readonly prove: (prior: Frame, mutations: readonly string[]) => string;
  /** The clock of the vote decision's patience: the machine's scheduler. */
  readonly scheduler: SchedulerLike;
  /** Milliseconds the vote decision waits per step down the leader order (0: vote at once). */
  readonly patience: number;
  /** The followed machine's stored proposals; null until `follow` is called. */
  view(): ProposalView | null;
}

/** The frame this node builds on: the one it follows, else genesis. */
export const priorOf = (ctx: NodeContext): Frame => ctx.memory.prior ?? ctx.check.genesis;
