/**
 * A reference BFT node: the four providers wired to a validator set, a signer and a transport,
 * ready for `createStateMachine`:
 *
 *   const node = createReferenceNode({ self, signer, validators, send, scheduler });
 *   const machine = createStateMachine({ ...node.machineOptions, scheduler });
 *   node.follow(machine);                                     // the vote watches new proposals
 *   const inbound = createReferenceInbound(machine, node);   // every transport delivers here
 *
 * `minimumProvers` is the set's `minimumLive`: n − f for n = 3f + 1 equal votes (in general, all
 * members but the most that fit in the tolerated faulty weight). The engine waits for that many
 * liveness checks before proving and that many proposals before voting, so the honest nodes
 * progress with f validators silent, and no node votes before a quorum-sized set of proposals
 * (which always includes an honest one) is in.
 */
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { Providers, StateMachineOptions } from '../engine/types';
import type { MessageCheck } from '../inbound/message-check';
import type { Broadcasts } from '../wire/broadcasts';
import type { Signer, Verifier } from '../wire/signature';
import { cachingVerifier } from './caching-verifier';
import { referenceMessageCheck } from './check-message';
import { referenceDomain } from './domain';
import { ed25519Verifier } from './ed25519';
import { genesisFrame } from './frame';
import { createMutationPool, type MutationPool } from './mutation-pool';
import { machineProposalView, type FollowedMachine, type ProposalView } from './proposal-view';
import type { NodeContext } from './providers/context';
import { referenceLeader } from './providers/leader';
import { referenceLiveness } from './providers/liveness';
import { referenceSync } from './providers/sync';
import { referenceVoting } from './providers/voting';
import { createRoundMemory } from './round-memory';
import type { Ballot, Collected, Frame, PeerId } from './types';
import type { ValidatorSet } from './validator-set';
import type { Verification } from './verification';

export type ReferenceProviders = Providers<Frame, Ballot, PeerId, Collected>;
export type ReferenceBroadcasts = Broadcasts<Frame, Ballot, PeerId, Collected>;

export interface ReferenceNodeOptions {
  /** This validator. */
  readonly self: PeerId;
  /** This validator's key; its public key must be the one the validator set lists for `self`. */
  readonly signer: Signer;
  readonly validators: ValidatorSet;
  /** The broadcasts (e.g. `sealedBroadcasts` over a transport). */
  readonly send: ReferenceBroadcasts;
  /** Default: Ed25519 on Node's crypto. */
  readonly verifier?: Verifier;
  readonly mutationPool?: MutationPool;
  /** Most mutations per frame (default 1000). */
  readonly maxMutationsPerFrame?: number;
  /** The chain's first frame (default `genesisFrame()`); every node of a chain must agree. */
  readonly genesis?: Frame;
  /** The proof string a new frame carries (default: a placeholder naming prior and proposer). */
  readonly prove?: (prior: Frame, mutations: readonly string[]) => string;
  /** The machine's scheduler (default `asyncScheduler`): the clock of the vote's patience. */
  readonly scheduler?: SchedulerLike;
  /**
   * Milliseconds the vote decision waits for the leader's proposal before also taking the next
   * proposer's, and so on down the leader order (default 500). Keep it above the network's delay
   * and well under the voting timeout; 0 votes at once for the best proposal seen.
   */
  readonly patience?: number;
}

export interface ReferenceNode {
  readonly self: PeerId;
  readonly validators: ValidatorSet;
  /** Verifies signatures, remembering recent answers. */
  readonly verifier: Verifier;
  readonly genesis: Frame;
  readonly domain: typeof referenceDomain;
  readonly providers: ReferenceProviders;
  readonly minimumProvers: number;
  readonly mutationPool: MutationPool;
  /** The reference checks for the guarded inbound path (inner signatures, sender agreement). */
  readonly checkMessage: MessageCheck<Frame, Ballot, PeerId, Collected>;
  /**
   * Let the vote decision watch `machine`'s stored proposals while it waits for a better one.
   * Call it once the machine exists; returns an undo.
   */
  follow(machine: FollowedMachine): () => void;
  /** The options of `createStateMachine` this node decides; add the same scheduler, a tracer, timeouts. */
  readonly machineOptions: Pick<
    StateMachineOptions<Frame, Ballot, PeerId, Collected>,
    'id' | 'initialState' | 'emitReceiveEventsOnSends' | 'minimumProvers' | 'domain' | 'providers'
  >;
}

export function createReferenceNode(options: ReferenceNodeOptions): ReferenceNode {
  const { self, signer, validators, send } = options;
  const listed = validators.publicKeyOf(self);
  if (listed === undefined) throw new RangeError(`${self} is not in the validator set`);
  if (listed !== signer.publicKey)
    throw new RangeError(`the signer's public key is not the one listed for ${self}`);
  const verifier = cachingVerifier(options.verifier ?? ed25519Verifier, 16 * validators.size + 1024);
  const genesis = options.genesis ?? genesisFrame();
  const check: Verification = { validators, verifier, genesis };
  const mutationPool = options.mutationPool ?? createMutationPool();
  let view: ProposalView | null = null;
  const ctx: NodeContext = {
    self,
    signer,
    check,
    send,
    pool: mutationPool,
    memory: createRoundMemory(),
    maxMutationsPerFrame: options.maxMutationsPerFrame ?? 1000,
    prove: options.prove ?? ((prior) => `placeholder-proof:${self}:${prior.id}`),
    scheduler: options.scheduler ?? asyncScheduler,
    patience: options.patience ?? 500,
    view: () => view,
  };
  const providers: ReferenceProviders = {
    sync: referenceSync(ctx),
    leader: referenceLeader(ctx),
    voting: referenceVoting(ctx),
    liveness: referenceLiveness(ctx),
  };
  const minimumProvers = validators.minimumLive;
  return {
    self,
    validators,
    verifier,
    genesis,
    domain: referenceDomain,
    providers,
    minimumProvers,
    mutationPool,
    checkMessage: referenceMessageCheck(check),
    follow(machine) {
      const followed = machineProposalView(machine);
      view = followed;
      return () => {
        if (view === followed) view = null;
      };
    },
    machineOptions: {
      id: self,
      initialState: null,
      emitReceiveEventsOnSends: true,
      minimumProvers,
      domain: referenceDomain,
      providers,
    },
  };
}
