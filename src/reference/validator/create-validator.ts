/**
 * `createReferenceValidator`: the complete reference node. It builds the state machine with the
 * reference providers, and adds what the machine alone does not do: the pacemaker (timeouts and
 * timeout certificates), the commit rule, the guarded inbound path, re-sending its own messages
 * while a rank does not move, confirmations for peers that show they lag, catch-up from peers
 * (and serving peers that fall behind), and a store in which every message it signs is recorded
 * before it is sent.
 *
 *   const validator = createReferenceValidator({ self, signer, validators, transport });
 *   validator.finalized$.subscribe(({ frame }) => apply(frame.mutations));
 *   validator.start();
 */
import { asyncScheduler, Subject } from 'rxjs';
import { createGuardedInbound, protocolWindowOf } from '../../inbound/guarded-inbound';
import { DEFAULT_RANK_WINDOW } from '../../machine/rank-window';
import { sealedBroadcasts } from '../../wire/broadcasts';
import { DEFAULT_MAX_BYTES } from '../../wire/encoding';
import { BlockTree } from '../block-tree';
import { cachingVerifier, rememberingSigner } from '../caching-verifier';
import { referenceMessageCheck } from '../check-message';
import { referenceDomain } from '../domain';
import { ed25519Verifier } from '../ed25519';
import { genesisFrame } from '../frame';
import { createMutationPool } from '../mutation-pool';
import { createPacemaker } from '../pacemaker';
import {
  reputationSchedule,
  reputationSpan,
  roundRobinSchedule,
  type LeaderSchedule,
} from '../leader-schedule';
import { createSafetyRules } from '../safety-rules';
import { createMemoryValidatorStore } from '../store/memory';
import type { FinalizedEntry, ValidatorStore } from '../store/types';
import type { Frame } from '../types';
import type { ValidatorSet } from '../validator-set';
import { verificationFor } from '../verification';
import { createCatchUp } from './catch-up';
import { createConfirmations } from './confirmations';
import { createDelivery } from './delivery';
import { connectInputs } from './inputs';
import { createValidatorMachine, type ReferenceMachine } from './machine';
import {
  DEFAULT_CATCH_UP_BYTES_PER_SECOND,
  DEFAULT_RESEND_EVERY,
  DEFAULT_ROUND_TIMEOUT,
  type ReferenceValidator,
  type ReferenceValidatorOptions,
} from './options';
import { createLeaderTurns } from './leader-turns';
import { createOutbound } from './outbound';
import { createProtocolInbound } from './protocol-inbound';
import { createReceivedLedger } from './received';
import { createReporting } from './reporting';
import { createResend } from './resend';
import { createRounds } from './rounds';

/** Signed messages below the finalized rank are dropped at most once per this many ranks. */
const PRUNE_EVERY = 64;

export type { ReferenceMachine };
export type {
  LeaderRule,
  ReferenceValidator,
  ReferenceValidatorOptions,
  ValidatorStatus,
  VotesTo,
} from './options';

export function createReferenceValidator(options: ReferenceValidatorOptions): ReferenceValidator {
  const { self, validators, transport, tracer } = options;
  const listed = validators.publicKeyOf(self);
  if (listed === undefined) throw new RangeError(`${self} is not in the validator set`);
  if (listed !== options.signer.publicKey)
    throw new RangeError(`the signer's public key is not the one listed for ${self}`);

  const scheduler = options.scheduler ?? asyncScheduler;
  // Rates and deadlines: the scheduler's clock when one is given (virtual time), else a monotonic
  // one, so that a wall clock stepped back cannot stall them.
  const now = options.scheduler === undefined ? () => performance.now() : () => scheduler.now();
  const store = options.store ?? createMemoryValidatorStore();
  const verifier = cachingVerifier(options.verifier ?? ed25519Verifier, 16 * validators.size + 1024);
  // What this validator signs it need not verify again (its own ballot in its own tally, its
  // own frame when it decides its vote): its key is the one listed, checked above.
  const signer = rememberingSigner(options.signer, verifier);
  const check = verificationFor(validators, verifier, options.genesis ?? genesisFrame());
  const pool = options.mutationPool ?? createMutationPool();
  // One window for the machine, the guarded inbound path and timeouts.
  const rankWindow = options.rankWindow ?? DEFAULT_RANK_WINDOW;
  const resendEvery = options.resendEvery ?? DEFAULT_RESEND_EVERY;
  const votesTo = options.votesTo ?? 'everyone';
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const traced = tracer === undefined ? {} : { tracer };
  const reporting = createReporting(tracer);
  const { report, failed } = reporting;
  const finalized = new Subject<FinalizedEntry>();
  const received = createReceivedLedger();

  // What this validator signed below the finalized rank is never needed again: the safety state
  // refuses every rank at or below the highest it voted at, and a restart resumes above the
  // highest certified frame. Kept for two windows (peers still timing out there are handed their
  // timeout back), then dropped every PRUNE_EVERY ranks, so a long run's store stops growing.
  let prunedAt = -Infinity;
  const pruneSigned = (finalRank: number): void => {
    if (finalRank - prunedAt < PRUNE_EVERY) return;
    prunedAt = finalRank;
    reporting.contained('pruning the store', () => store.pruneSignedBelow(finalRank - 2 * rankWindow));
  };

  const leaders = leaderSchedule(options, store, validators, check.genesis);
  const leaderAt = (rank: number): string => leaders.leaderAt(rank);
  const turns = createLeaderTurns(leaderAt);

  const outbound = createOutbound({ self, signer, chain: check.chain, transport, report, failed });
  const tree = new BlockTree({
    genesis: check.genesis,
    store,
    finalized: (entry) => {
      pool.remove(entry.frame.mutations);
      received.pruneBelow(entry.frame.rank - 2 * rankWindow);
      pruneSigned(entry.frame.rank);
      leaders.finalized(entry.frame);
      report({ kind: 'finalized', rank: entry.frame.rank, frame: entry.frame });
      finalized.next(entry);
    },
    missing: () => catchUp.request(),
  });
  const pacemaker = createPacemaker(validators, tree.highestCertified.certificate);
  const safety = createSafetyRules({ self, signer, chain: check.chain, store });
  // The machine is built from providers that read it back: bound once built, below.
  let machine: ReferenceMachine | null = null;
  const missing = (): void => catchUp.request();
  const rounds = createRounds({
    pacemaker,
    tree,
    safety,
    outbound: {
      ...outbound,
      // A timeout broadcast asks whoever has left the rank for what ended it: their answers are
      // expected for a while.
      sendControl: (message, to) => {
        if (message.kind === 'timeout' && to === undefined) catchUp.timingOut();
        return outbound.sendControl(message, to);
      },
    },
    machine: () => machine,
    missing,
    // Only votes to the next leader consult whose turns failed: no bookkeeping otherwise.
    ...(votesTo === 'next-leader' ? { turns } : {}),
    report,
    failed,
    ...traced,
  });
  const catchUp = createCatchUp({
    self,
    check,
    now,
    epoch: options.scheduler === undefined ? () => Date.now() : () => scheduler.now(),
    every: options.catchUpEvery ?? resendEvery,
    bytesPerSecond: options.catchUpBytesPerSecond ?? DEFAULT_CATCH_UP_BYTES_PER_SECOND,
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
  const confirmations = createConfirmations({
    self,
    validators: validators.members.map((m) => m.id),
    signer,
    chain: check.chain,
    outbound,
    now,
    every: resendEvery,
    failed,
    votesComeToAll: votesTo === 'everyone',
  });
  const send = {
    ...sealedBroadcasts({
      self,
      signer,
      domain: referenceDomain,
      chain: check.chain,
      broadcast: (_bytes, envelope) => {
        if (envelope.kind !== 'vote' || votesTo === 'everyone') return outbound.transmit(envelope);
        // To the next rank's leader only (this node's own ballot is already in its own tally),
        // unless that leader's or this rank's leader's last turn failed: then to everyone, who
        // each form the certificate, or each see the votes split and time out at once.
        const next = leaderAt(envelope.rank + 1);
        if (turns.failedLastTurn(next) || turns.failedLastTurn(leaderAt(envelope.rank)))
          outbound.transmit(envelope);
        else if (next !== self) outbound.transmit(envelope, next);
      },
    }),
    // Kept, and sent only to a peer that shows it is behind.
    confirmation: (frame: Frame) => confirmations.confirmed(frame),
  };
  const built = createValidatorMachine({
    ctx: {
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
      votesTo,
      leaders,
      timedOut: (rank) => rounds.timeOut(rank),
      certified: (qc) => rounds.observeQc(qc, 'quorum'),
    },
    store,
    scheduler: options.scheduler,
    rankWindow,
    roundTimeout: {
      initial: options.roundTimeout?.initial ?? DEFAULT_ROUND_TIMEOUT,
      factor: options.roundTimeout?.factor ?? 2,
      max: options.roundTimeout?.max ?? 30_000,
    },
    ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
    ...traced,
  });
  machine = built;

  const messageCheck = referenceMessageCheck(check);
  const reach = protocolWindowOf(rankWindow);
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
    // An answer nobody asked the sender for, and a request too soon after the sender's last,
    // are refused before their signature.
    protocolWindow: (kind, sender) =>
      (kind === 'frames' && !catchUp.expects(sender)) || (kind === 'fetch' && catchUp.fetchTooSoon(sender))
        ? -1
        : reach(kind),
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
    now,
    farEvery: options.catchUpEvery ?? resendEvery,
    voted: (peer, rank, frame) => confirmations.voted(peer, rank, frame),
    behind: (peer, rank) => confirmations.behind(peer, rank),
    proposed: (peer) => confirmations.proposed(peer),
    refused: (link, reason) => transport.refused?.(link, reason),
    ...traced,
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
    leaderOf: leaderAt,
  });
  const inputs = connectInputs({
    transport,
    deliver,
    resend,
    resendEvery,
    scheduler,
    machine: built,
    inbound,
    pacemaker,
    rounds,
    leaderOf: leaderAt,
    reporting,
  });

  return {
    id: self,
    chain: check.chain,
    machine: built,
    inbound,
    store,
    mutationPool: pool,
    leaders,
    finalized$: finalized.asObservable(),
    events$: reporting.events$,
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
      inputs.unsubscribe();
      built.close();
      inbound.close();
      reporting.complete();
      finalized.complete();
      received.close();
    },
  };
}

/**
 * The validator's leader schedule. With reputation it starts from the finalized frames its store
 * holds, so a restarted validator chooses as the others do at once.
 */
function leaderSchedule(
  options: ReferenceValidatorOptions,
  store: ValidatorStore,
  validators: ValidatorSet,
  genesis: Frame,
): LeaderSchedule {
  if ((options.leaders ?? 'round-robin') === 'round-robin') return roundRobinSchedule(validators);
  const last = store.lastFinalized()?.frame ?? genesis;
  const held = reputationSpan(validators.size);
  const history = store.finalizedAfter(Math.max(genesis.rank, last.rank - held), held).map((e) => e.frame);
  return reputationSchedule(validators, last, history);
}
