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
import { createStateMachine } from '../../runtime/create-state-machine';
import type { StateMachine } from '../../engine/state-machine';
import type { CastVote, Tracer, VoteStore } from '../../engine/types';
import { describeError } from '../../guard/describe';
import { createGuardedInbound, type GuardedInbound } from '../../inbound/guarded-inbound';
import { checkRejection, withinField } from '../../inbound/message-check';
import type { InboundRejectionDetails } from '../../inbound/rejection';
import { DEFAULT_RANK_WINDOW, rankStanding } from '../../machine/rank-window';
import { MachineState } from '../../machine/states';
import { ROUND_STATES } from '../../machine/transitions';
import { sealedBroadcasts } from '../../wire/broadcasts';
import { decodeEnvelope, DEFAULT_MAX_BYTES, encodeEnvelope } from '../../wire/encoding';
import { verifyEnvelope, type Envelope } from '../../wire/envelope';
import { openEnvelope } from '../../wire/message';
import type { Signer, Verifier } from '../../wire/signature';
import { BlockTree } from '../block-tree';
import { cachingVerifier } from '../caching-verifier';
import { checkQuorumCert, checkTimeoutCert, checkTimeoutVote, signTimeout } from '../certificates';
import { referenceMessageCheck } from '../check-message';
import { referenceDomain } from '../domain';
import { ed25519Verifier } from '../ed25519';
import { genesisFrame } from '../frame';
import { createMutationPool, type MutationPool } from '../mutation-pool';
import { createPacemaker } from '../pacemaker';
import type { NodeContext } from '../providers/context';
import { leaderOf, referenceLeader } from '../providers/leader';
import { referenceLiveness } from '../providers/liveness';
import { referenceSync } from '../providers/sync';
import { referenceVoting } from '../providers/voting';
import { unsafeTimeout } from '../safety-rules';
import { createMemoryValidatorStore } from '../store/memory';
import type { FinalizedEntry, ValidatorStore } from '../store/types';
import {
  type Ballot,
  type Collected,
  type Frame,
  type PeerId,
  type QuorumCert,
  type TimeoutCert,
  type TimeoutMessage,
} from '../types';
import type { ValidatorSet } from '../validator-set';
import type { Verification } from '../verification';
import { createCatchUp } from './catch-up';
import { openControl, sealControl, type ControlMessage } from './control';
import type { RankChange, ValidatorEvent } from './events';
import type { InboundBytes, ValidatorTransport } from './transport';

export type ReferenceMachine = StateMachine<Frame, Ballot, PeerId, Collected>;

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
  /** The chain's first frame (default `genesisFrame()`); every validator of a chain must agree. */
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
  /** Per-state timeout overrides of the machine in ms (the round's come from `roundTimeout`). */
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
  const { self, signer, validators, transport } = options;
  const listed = validators.publicKeyOf(self);
  if (listed === undefined) throw new RangeError(`${self} is not in the validator set`);
  if (listed !== signer.publicKey)
    throw new RangeError(`the signer's public key is not the one listed for ${self}`);

  const scheduler = options.scheduler ?? asyncScheduler;
  const store = options.store ?? createMemoryValidatorStore();
  const genesis = options.genesis ?? genesisFrame();
  const verifier = cachingVerifier(options.verifier ?? ed25519Verifier, 16 * validators.size + 1024);
  const check: Verification = { validators, verifier, genesis };
  const pool = options.mutationPool ?? createMutationPool();
  // One window for the machine, the guarded inbound path and timeouts.
  const rankWindow = options.rankWindow ?? DEFAULT_RANK_WINDOW;
  const resendEvery = options.resendEvery ?? DEFAULT_RESEND_EVERY;
  const catchUpEvery = options.catchUpEvery ?? resendEvery;
  const tracer = options.tracer;
  const subscriptions = new Subscription();
  const events = new Subject<ValidatorEvent>();
  const finalized = new Subject<FinalizedEntry>();

  const report = (event: ValidatorEvent): void => {
    if (events.observed) events.next(event);
  };
  const failed = (message: string, err: unknown): void => {
    tracer?.error(message, err);
    report({ kind: 'error', message: `${message}: ${describeError(err)}` });
  };

  /** The sealed bytes of this validator's latest proposal and vote: re-sent as they are. */
  const sealed = new Map<
    'proposal' | 'vote',
    { readonly rank: number; readonly envelope: Envelope; readonly bytes: Uint8Array }
  >();

  /** Hand bytes to the transport; a throw is reported, never passed on. */
  function transmit(envelope: Envelope, to?: PeerId, known?: Uint8Array): void {
    const bytes = known ?? encodeEnvelope(envelope);
    if (envelope.kind === 'proposal' || envelope.kind === 'vote')
      sealed.set(envelope.kind, { rank: envelope.rank, envelope, bytes });
    report({ kind: 'sent', envelope });
    try {
      if (to !== undefined && transport.send !== undefined) transport.send(to, bytes);
      else transport.broadcast(bytes);
    } catch (err) {
      failed(`transport: sending a ${envelope.kind} at rank ${envelope.rank} failed`, err);
    }
  }
  const sendControl = (message: ControlMessage, to?: PeerId): void => {
    try {
      transmit(sealControl(message, self, signer), to);
    } catch (err) {
      failed(`sealing a ${message.kind} failed`, err);
    }
  };

  // Bound late: the machine is built from the providers, which read it.
  let machine: ReferenceMachine | null = null;
  const round = (): number => (machine?.getSnapshot().activeRank ?? -1) + 1;

  const tree = new BlockTree({
    genesis,
    store,
    finalized: (entry) => {
      pool.remove(entry.frame.mutations);
      report({ kind: 'finalized', rank: entry.frame.rank, frame: entry.frame });
      finalized.next(entry);
    },
    missing: () => catchUp.request(),
  });
  const pacemaker = createPacemaker(validators, tree.highestCertified.certificate);
  const catchUp = createCatchUp({
    self,
    check,
    scheduler,
    every: catchUpEvery,
    store,
    tree,
    pacemaker,
    send: (message, to) => sendControl(message, to),
    certified: (qc) => observeQc(qc, 'certificate'),
    caughtUp: (rank, from) => {
      report({ kind: 'caught-up', rank });
      tracer?.trace(`caught up to rank ${rank} from ${from}`);
    },
  });

  const ctx: NodeContext = {
    self,
    signer,
    check,
    send: sealedBroadcasts({
      self,
      signer,
      domain: referenceDomain,
      broadcast: (_bytes, envelope) => transmit(envelope),
    }),
    pool,
    maxMutationsPerFrame: options.maxMutationsPerFrame ?? 1000,
    prove: (parent) => `placeholder-proof:${self}:${parent}`,
    store,
    tree,
    pacemaker,
    round,
    timedOut: (rank) => timeOut(rank),
    certified: (qc) => observeQc(qc, 'quorum'),
  };

  // ---- the pacemaker: certificates move the machine on --------------------------------------

  function observeQc(qc: QuorumCert, by: RankChange): void {
    tree.addCertificate(qc);
    if (pacemaker.observeQc(qc)) {
      report({ kind: 'rank', rank: pacemaker.rank(), by });
      if (tree.frame(qc.frame) === undefined) catchUp.request();
      reconcile();
    }
  }

  function observeTc(tc: TimeoutCert): void {
    if (pacemaker.observeTc(tc)) {
      report({ kind: 'rank', rank: pacemaker.rank(), by: 'timeout' });
      reconcile();
    }
  }

  /** Move the machine to the pacemaker's rank when it is behind it. */
  function reconcile(): void {
    if (machine === null) return;
    const snapshot = machine.getSnapshot();
    const target = pacemaker.rank();
    const current = snapshot.activeRank + 1;
    if (target <= current || !(ROUND_STATES as readonly MachineState[]).includes(snapshot.state)) return;
    // Finishing the round it certified itself: the machine gets there on its own.
    const finishing = snapshot.state === MachineState.Finalizing || snapshot.state === MachineState.Verifying;
    if (finishing && target === current + 1) return;
    const head = tree.highestCertified.frame;
    const activeRank = snapshot.activeState === null ? -1 : snapshot.activeState.rank;
    const state = head.rank < target && head.rank >= activeRank ? head : null;
    machine.advanceTo(target, state);
  }

  /** This node's time at `rank` ran out: sign a timeout once, then (re-)broadcast it. */
  function timeOut(rank: number): void {
    if (rank !== pacemaker.rank()) return;
    let vote = store.signedAt(rank)?.timeout;
    if (vote === undefined) {
      const { highQc, lastTc } = pacemaker;
      const unsafe = unsafeTimeout(rank, highQc.rank, lastTc?.rank ?? -1, store.safety());
      if (unsafe !== undefined) {
        tracer?.trace(`no timeout at rank ${rank}: ${unsafe}`);
        return;
      }
      vote = signTimeout(rank, self, highQc.rank, signer);
      try {
        store.recordTimeout(vote);
      } catch (err) {
        failed(`store: recording the timeout at rank ${rank} failed; not sending it`, err);
        return;
      }
      const formed = pacemaker.addTimeout(vote).formed;
      if (formed !== null) observeTc(formed);
    }
    sendControl({
      kind: 'timeout',
      body: { timeout: vote, highQc: pacemaker.highQc, lastTc: pacemaker.lastTc },
    });
  }

  // ---- inbound: the protocol's own messages ----------------------------------------------

  function onTimeout(message: TimeoutMessage, sender: PeerId): InboundRejectionDetails | undefined {
    const { timeout, highQc, lastTc } = message;
    if (timeout.voter !== sender)
      return malformed('body.timeout.voter', `${timeout.voter} is not the sender ${sender}`);
    const problems = [
      ['body.timeout', checkTimeoutVote(timeout, check)],
      ['body.highQc', checkQuorumCert(highQc, check)],
      ...(lastTc === null ? [] : [['body.lastTc', checkTimeoutCert(lastTc, check)] as const]),
    ] as const;
    for (const [field, result] of problems) {
      if (result._tag === 'Left') return checkRejection(withinField(field, result.left), sender);
    }
    observeQc(highQc, 'certificate');
    if (lastTc !== null) observeTc(lastTc);
    // A sender still timing out at a rank this node has left has missed the certificate that
    // ended it (its peers stopped re-sending): hand it over.
    if (timeout.rank < pacemaker.rank()) catchUp.helpBehind(sender, timeout.rank);
    // Its certificates are taken wherever it is; its vote counts only within the window, which
    // for a timeout is counted from the rank in progress (one rank more than for the machine's
    // messages: a timeout for the round after the window's last is still taken).
    if (rankStanding(timeout.rank, pacemaker.rank(), rankWindow) === 'too_far_ahead') {
      catchUp.request(sender);
      const activeRank = pacemaker.rank() - 1;
      return {
        reason: 'too_far_ahead',
        kind: 'timeout',
        sender,
        rank: timeout.rank,
        activeRank,
        window: rankWindow,
      };
    }
    const { formed, join } = pacemaker.addTimeout(timeout);
    if (formed !== null) observeTc(formed);
    else if (join) timeOut(pacemaker.rank());
    return undefined;
  }

  function onControl(envelope: Envelope, sender: PeerId): InboundRejectionDetails | undefined {
    const opened = openControl(envelope);
    if (opened._tag === 'Left') return malformed(opened.left.field, opened.left.problem);
    const message = opened.right;
    switch (message.kind) {
      case 'timeout':
        return onTimeout(message.body, sender);
      case 'fetch':
        catchUp.serve(message.body.after, sender);
        return undefined;
      case 'frames':
        return catchUp.ingest(message.body.frames, sender);
    }
  }

  /**
   * A proposal or confirmation beyond the machine's window: this node is behind. Its frame (checked
   * here, signature and certificates) tells where the others are, so catch-up can start.
   */
  function learnFromFar(bytes: Uint8Array): void {
    const decoded = decodeEnvelope(bytes, { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES });
    if (decoded._tag === 'Left') return;
    const envelope = decoded.right;
    const key = validators.publicKeyOf(envelope.sender);
    if (key === undefined || !verifyEnvelope(envelope, key, verifier)) return;
    const opened = openEnvelope(referenceDomain, envelope, envelope.sender);
    if (opened._tag === 'Left' || referenceMessageCheck(check)(opened.right) !== undefined) return;
    const message = opened.right;
    const frame =
      message.kind === 'proposal'
        ? message.proposal
        : message.kind === 'confirmation'
          ? message.confirmation
          : null;
    if (frame === null) return;
    learnFrom(frame);
    catchUp.request(envelope.sender);
  }

  /** What proposals and confirmations tell about certificates, even when the machine cannot take them. */
  function learnFrom(frame: Frame): void {
    tree.addFrame(frame);
    if (frame.justify !== null) observeQc(frame.justify, 'certificate');
    if (frame.timeout !== null) observeTc(frame.timeout);
  }

  // ---- the machine ------------------------------------------------------------------------

  const voteStore: VoteStore<Ballot, PeerId> = {
    votedAt(rank): CastVote<Ballot, PeerId> | undefined {
      const vote = store.signedAt(rank)?.vote;
      return vote === undefined ? undefined : { rank, proposer: vote.proposer, vote };
    },
    record(cast) {
      store.recordVote(cast.vote, store.safety().lockedRank);
    },
  };

  const roundTimeout = options.roundTimeout?.initial ?? DEFAULT_ROUND_TIMEOUT;
  const restart = store.highestCertified();
  const built: ReferenceMachine = createStateMachine({
    id: self,
    initialState: restart?.frame ?? null,
    emitReceiveEventsOnSends: true,
    minimumProvers: 1,
    domain: referenceDomain,
    providers: {
      sync: referenceSync(ctx),
      leader: referenceLeader(ctx),
      voting: referenceVoting(ctx),
      liveness: referenceLiveness(ctx),
    },
    voteStore,
    scheduler: options.scheduler,
    rankWindow,
    timeouts: {
      voting: roundTimeout,
      liveness_check: roundTimeout,
      publishing: roundTimeout,
      ...options.timeouts,
    },
    roundBackoff: { factor: options.roundTimeout?.factor ?? 2, max: options.roundTimeout?.max ?? 30_000 },
    syncRetryDelay: roundTimeout,
    ...(tracer === undefined ? {} : { tracer }),
  });
  machine = built;

  const inbound = createGuardedInbound({
    machine: built,
    domain: referenceDomain,
    validators,
    verifier,
    check: referenceMessageCheck(check),
    rankWindow,
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    protocol: onControl,
  });

  function deliver({ bytes, from, link }: InboundBytes): void {
    const result = inbound.accept(bytes, link);
    if (result._tag === 'Right') {
      const { message, envelope } = result.right;
      if (from !== undefined && from !== envelope.sender)
        tracer?.trace(`${from} relayed a message of ${envelope.sender}`);
      if (message?.kind === 'proposal') learnFrom(message.proposal);
      else if (message?.kind === 'confirmation') learnFrom(message.confirmation);
      return;
    }
    const r = result.left;
    if (link !== undefined) transport.refused?.(link, r.reason);
    if (r.reason === 'too_far_ahead' && (r.kind === 'proposal' || r.kind === 'confirmation'))
      learnFromFar(bytes);
    const sender = 'sender' in r ? r.sender : 'voter' in r ? r.voter : null;
    report({ kind: 'refused', reason: r.reason, sender, message: r.message });
  }

  // A leader that signed two proposals for the rank in progress has spoiled it: give up on the
  // rank at once instead of waiting for its timeout.
  subscriptions.add(
    inbound.rejection$.subscribe((r) => {
      if (r.reason !== 'conflict' || r.kind !== 'proposal') return;
      if (r.rank === pacemaker.rank() && leaderOf(ctx, r.rank) === r.sender) timeOut(r.rank);
    }),
  );
  subscriptions.add(built.transition$.subscribe(() => reconcile()));
  subscriptions.add(
    transport.inbound$.subscribe({
      next: (message) => {
        try {
          deliver(message);
        } catch (err) {
          failed('inbound: a message could not be handled', err);
        }
      },
      error: (err: unknown) => failed('transport: the inbound stream failed', err),
    }),
  );
  subscriptions.add(
    timer(resendEvery, resendEvery, scheduler).subscribe(() => {
      try {
        resend();
      } catch (err) {
        failed('re-sending failed', err);
      }
    }),
  );

  /** Re-send what this validator signed at the rank in progress, so a lossy network only delays it. */
  function resend(): void {
    if (machine === null || machine.getState() === MachineState.Stopped) return;
    const rank = round();
    const signed = store.signedAt(rank);
    // What was sealed for this rank goes out again byte for byte (no signing); after a restart,
    // the store's copy is sealed once more.
    const again = (kind: 'proposal' | 'vote', seal: () => void): void => {
      const held = sealed.get(kind);
      if (held !== undefined && held.rank === rank) transmit(held.envelope, undefined, held.bytes);
      else seal();
    };
    if (signed?.proposal !== undefined && leaderOf(ctx, rank) === self)
      again('proposal', () => ctx.send.proposal(signed.proposal!));
    if (signed?.vote !== undefined) again('vote', () => ctx.send.vote(signed.vote!.proposer, signed.vote!));
    if (signed?.timeout !== undefined) timeOut(rank);
    const known = tree.lastFinalized.frame.rank;
    if (tree.highestCertified.frame.rank > known + 1 || tree.frame(pacemaker.highQc.frame) === undefined)
      catchUp.request();
  }

  return {
    id: self,
    machine: built,
    inbound,
    store,
    mutationPool: pool,
    finalized$: finalized.asObservable(),
    events$: events.asObservable(),
    status: () => ({
      rank: round(),
      state: built.getState(),
      finalizedRank: tree.lastFinalized.frame.rank,
      highQcRank: pacemaker.highQc.rank,
    }),
    deliver,
    start() {
      built.start();
    },
    stop() {
      built.stop();
    },
    close() {
      subscriptions.unsubscribe();
      built.close();
      inbound.close();
      events.complete();
      finalized.complete();
    },
  };
}

const malformed = (field: string, problem: string): InboundRejectionDetails => ({
  reason: 'malformed',
  field,
  problem,
});
