/**
 * `createReferenceValidator`: the complete reference node. It builds the state machine with the
 * reference providers, and adds what the machine alone does not do: the pacemaker (timeouts and
 * timeout certificates), the commit rule, the guarded inbound path, re-sending its own messages
 * until the rank changes, catch-up from peers (and serving peers that fall behind), and a store
 * in which every message it signs is recorded before it is sent.
 *
 *   const validator = createReferenceValidator({ self, signer, validators, transport });
 *   validator.finalized$.subscribe(({ frame }) => apply(frame.mutations));
 *   validator.start();
 */
import { asyncScheduler, Subject, Subscription, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { Tracer } from '../../engine/types';
import { describeError } from '../../guard/describe';
import { createGuardedInbound, type GuardedInbound } from '../../inbound/guarded-inbound';
import { DEFAULT_RANK_WINDOW } from '../../machine/rank-window';
import type { MachineState } from '../../machine/states';
import { sealedBroadcasts } from '../../wire/broadcasts';
import { DEFAULT_MAX_BYTES } from '../../wire/encoding';
import type { Signer, Verifier } from '../../wire/signature';
import { BlockTree } from '../block-tree';
import { cachingVerifier } from '../caching-verifier';
import { referenceMessageCheck } from '../check-message';
import { referenceDomain } from '../domain';
import { ed25519Verifier } from '../ed25519';
import { genesisFrame } from '../frame';
import { createMutationPool, type MutationPool } from '../mutation-pool';
import { createPacemaker } from '../pacemaker';
import type { NodeContext } from '../providers/context';
import { leaderOf } from '../providers/leader';
import { createSafetyRules } from '../safety-rules';
import { createMemoryValidatorStore } from '../store/memory';
import type { FinalizedEntry, ValidatorStore } from '../store/types';
import type { Ballot, Collected, Frame, PeerId } from '../types';
import type { ValidatorSet } from '../validator-set';
import { verificationFor } from '../verification';
import { createCatchUp } from './catch-up';
import { createDelivery } from './delivery';
import type { ValidatorEvent } from './events';
import { createValidatorMachine, type ReferenceMachine } from './machine';
import { createOutbound } from './outbound';
import { createProtocolInbound } from './protocol-inbound';
import { createReceivedLedger, type ReceivedSigned } from './received';
import { createResend } from './resend';
import { createRounds } from './rounds';
import type { InboundBytes, ValidatorTransport } from './transport';

export type { ReferenceMachine };

export interface ReferenceValidatorOptions {
  readonly self: PeerId;
  /** This validator's key; its public key must be the one the validator set lists for `self`. */
  readonly signer: Signer;
  readonly validators: ValidatorSet;
  readonly transport: ValidatorTransport;
  /** Where signed messages, the safety state and the finalized chain are kept (default: in memory). */
  readonly store?: ValidatorStore;
  /** The clock of every timer (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
  /**
   * The chain's first frame (default `genesisFrame()`); every validator of a chain must agree. It
   * names the chain: with the validator set it makes the chain scope every signature covers, so
   * nothing signed here counts on another chain (see `chainScope`).
   */
  readonly genesis?: Frame;
  readonly mutationPool?: MutationPool;
  /** Default: Ed25519. */
  readonly verifier?: Verifier;
  /** Most mutations per frame (default 1000). */
  readonly maxMutationsPerFrame?: number;
  /**
   * How long a rank may take before this validator times out (ms, default 1000), growing by
   * `factor` (default 2) per rank in a row that ended without a frame, up to `max` (default 30 s).
   */
  readonly roundTimeout?: { readonly initial?: number; readonly factor?: number; readonly max?: number };
  /** Re-send this validator's messages of the rank in progress every this many ms (default 200). */
  readonly resendEvery?: number;
  /** Ask a peer for missing frames at most this often, in ms (default: `resendEvery`). */
  readonly catchUpEvery?: number;
  /** Ranks ahead of the one in progress accepted from the network (default 16). */
  readonly rankWindow?: number;
  /** Largest inbound message in bytes (default 1 MiB). */
  readonly maxBytes?: number;
  /**
   * Per-state timeout overrides of the machine in ms (the round's come from `roundTimeout`;
   * `starting` is 10 ms unless given here).
   */
  readonly timeouts?: Partial<Record<MachineState, number>>;
  readonly tracer?: Tracer;
}

export interface ValidatorStatus {
  /** The rank in progress. */
  readonly rank: number;
  readonly state: MachineState;
  /** The highest final rank (0: only genesis). */
  readonly finalizedRank: number;
  /** The rank of the highest quorum certificate known. */
  readonly highQcRank: number;
}

export interface ReferenceValidator {
  readonly id: PeerId;
  readonly machine: ReferenceMachine;
  readonly inbound: GuardedInbound<Frame, Ballot, PeerId, Collected>;
  readonly store: ValidatorStore;
  readonly mutationPool: MutationPool;
  /** The finalized chain, frame by frame in rank order (each with the certificate that finalized it). */
  readonly finalized$: Observable<FinalizedEntry>;
  readonly events$: Observable<ValidatorEvent>;
  /**
   * Every proposal, ballot and timeout vote this validator accepted from its peers, once per
   * signer, kind, rank and item: what a double-sign check reads (two items at one key).
   */
  readonly received$: Observable<ReceivedSigned>;
  /** The chain scope this validator signs and accepts messages for. */
  readonly chain: string;
  status(): ValidatorStatus;
  /** Hand one inbound message to the validator (what the transport subscription does). */
  deliver(message: InboundBytes): void;
  start(): void;
  stop(): void;
  /** Stop, and let go of the transport and every timer; the store stays open (close it yourself). */
  close(): void;
}

const DEFAULT_ROUND_TIMEOUT = 1000;
const DEFAULT_RESEND_EVERY = 200;

export function createReferenceValidator(options: ReferenceValidatorOptions): ReferenceValidator {
  const { self, signer, validators, transport, tracer } = options;
  const listed = validators.publicKeyOf(self);
  if (listed === undefined) throw new RangeError(`${self} is not in the validator set`);
  if (listed !== signer.publicKey)
    throw new RangeError(`the signer's public key is not the one listed for ${self}`);

  const scheduler = options.scheduler ?? asyncScheduler;
  const store = options.store ?? createMemoryValidatorStore();
  const verifier = cachingVerifier(options.verifier ?? ed25519Verifier, 16 * validators.size + 1024);
  const check = verificationFor(validators, verifier, options.genesis ?? genesisFrame());
  const pool = options.mutationPool ?? createMutationPool();
  // One window for the machine, the guarded inbound path and timeouts.
  const rankWindow = options.rankWindow ?? DEFAULT_RANK_WINDOW;
  const resendEvery = options.resendEvery ?? DEFAULT_RESEND_EVERY;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const subscriptions = new Subscription();
  const events = new Subject<ValidatorEvent>();
  const finalized = new Subject<FinalizedEntry>();
  const received = createReceivedLedger();
  const report = (event: ValidatorEvent): void => {
    if (events.observed) events.next(event);
  };
  const failed = (message: string, err: unknown): void => {
    tracer?.error(message, err);
    report({ kind: 'error', message: `${message}: ${describeError(err)}` });
  };

  const outbound = createOutbound({ self, signer, chain: check.chain, transport, report, failed });
  const tree = new BlockTree({
    genesis: check.genesis,
    store,
    finalized: (entry) => {
      pool.remove(entry.frame.mutations);
      received.pruneBelow(entry.frame.rank - 2 * rankWindow);
      report({ kind: 'finalized', rank: entry.frame.rank, frame: entry.frame });
      finalized.next(entry);
    },
    missing: () => catchUp.request(),
  });
  const pacemaker = createPacemaker(validators, tree.highestCertified.certificate);
  const safety = createSafetyRules({ self, signer, chain: check.chain, store });
  // The machine is built from providers that read it back: bound once built, just below.
  let machine: ReferenceMachine | null = null;
  const rounds = createRounds({
    pacemaker,
    tree,
    safety,
    outbound,
    machine: () => machine,
    missing: () => catchUp.request(),
    report,
    failed,
    ...(tracer === undefined ? {} : { tracer }),
  });
  const catchUp = createCatchUp({
    self,
    check,
    scheduler,
    every: options.catchUpEvery ?? resendEvery,
    store,
    tree,
    pacemaker,
    send: (message, to) => outbound.sendControl(message, to),
    certified: (qc) => rounds.observeQc(qc, 'certificate'),
    caughtUp: (rank, from) => {
      report({ kind: 'caught-up', rank });
      tracer?.trace(`caught up to rank ${rank} from ${from}`);
    },
  });
  const send = sealedBroadcasts({
    self,
    signer,
    domain: referenceDomain,
    chain: check.chain,
    broadcast: (_bytes, envelope) => outbound.transmit(envelope),
  });
  const ctx: NodeContext = {
    self,
    signer,
    check,
    send,
    pool,
    maxMutationsPerFrame: options.maxMutationsPerFrame ?? 1000,
    prove: (parent) => `placeholder-proof:${self}:${parent}`,
    store,
    safety,
    tree,
    pacemaker,
    round: () => (machine?.getSnapshot().activeRank ?? -1) + 1,
    timedOut: (rank) => rounds.timeOut(rank),
    certified: (qc) => rounds.observeQc(qc, 'quorum'),
  };
  const built = createValidatorMachine({
    ctx,
    store,
    scheduler: options.scheduler,
    rankWindow,
    roundTimeout: {
      initial: options.roundTimeout?.initial ?? DEFAULT_ROUND_TIMEOUT,
      factor: options.roundTimeout?.factor ?? 2,
      max: options.roundTimeout?.max ?? 30_000,
    },
    ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
    ...(tracer === undefined ? {} : { tracer }),
  });
  machine = built;

  const messageCheck = referenceMessageCheck(check);
  const inbound = createGuardedInbound({
    machine: built,
    domain: referenceDomain,
    chain: check.chain,
    validators,
    verifier,
    check: messageCheck,
    rankWindow,
    maxBytes,
    protocol: createProtocolInbound({ check, pacemaker, rounds, catchUp, received, rankWindow }),
  });
  const deliver = createDelivery({
    inbound,
    check,
    messageCheck,
    maxBytes,
    rounds,
    catchUp,
    received,
    tree,
    report,
    refused: (link, reason) => transport.refused?.(link, reason),
    ...(tracer === undefined ? {} : { tracer }),
  });
  const resend = createResend({
    self,
    machine: built,
    store,
    tree,
    pacemaker,
    outbound,
    send,
    rounds,
    catchUp,
    leaderOf: (rank) => leaderOf(ctx, rank),
  });

  // A leader that signed two proposals for the rank in progress has spoiled it: give up on the
  // rank at once instead of waiting for its timeout.
  subscriptions.add(
    inbound.rejection$.subscribe((r) => {
      if (r.reason !== 'conflict' || r.kind !== 'proposal') return;
      if (r.rank === pacemaker.rank() && leaderOf(ctx, r.rank) === r.sender) rounds.timeOut(r.rank);
    }),
  );
  subscriptions.add(built.transition$.subscribe(() => rounds.reconcile()));
  subscriptions.add(
    transport.inbound$.subscribe({
      next: (message) => contained('inbound: a message could not be handled', () => deliver(message)),
      error: (err: unknown) => failed('transport: the inbound stream failed', err),
    }),
  );
  subscriptions.add(
    timer(resendEvery, resendEvery, scheduler).subscribe(() => contained('re-sending failed', resend)),
  );

  function contained(what: string, run: () => void): void {
    try {
      run();
    } catch (err) {
      failed(what, err);
    }
  }

  return {
    id: self,
    chain: check.chain,
    machine: built,
    inbound,
    store,
    mutationPool: pool,
    finalized$: finalized.asObservable(),
    events$: events.asObservable(),
    received$: received.received$,
    status: () => ({
      rank: built.getSnapshot().activeRank + 1,
      state: built.getState(),
      finalizedRank: tree.lastFinalized.frame.rank,
      highQcRank: pacemaker.highQc.rank,
    }),
    deliver,
    start: () => built.start(),
    stop: () => built.stop(),
    close() {
      subscriptions.unsubscribe();
      built.close();
      inbound.close();
      events.complete();
      finalized.complete();
      received.close();
    },
  };
}
