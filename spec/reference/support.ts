/**
 * Test support for the reference, wire and inbound specs: a validator set of seeded Ed25519 keys,
 * signed frames and ballots, sealed envelopes, and a real (never started) machine as the receive
 * side of a guarded inbound path.
 */
import { NEVER, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { createStateMachine, type StateMachine } from '../../src';
import {
  createReferenceValidator,
  type ReferenceValidatorOptions,
  buildFrame,
  genesisFrame,
  ed25519Verifier,
  quorumCert,
  referenceMessageCheck,
  seededSigner,
  signBallot,
  ValidatorSet,
  type Ballot,
  type Collected,
  type Ed25519Signer,
  type Frame,
  type PeerId,
  type QuorumCert,
  verificationFor,
  chainScope,
} from '../../src/reference';
import { createGuardedInbound } from '../../src/inbound/guarded-inbound';
import type { Broadcasts } from '../../src/wire/broadcasts';
import { referenceDomain } from '../../src/reference/domain';
import type { ValidatorEvent } from '../../src/reference/validator/events';
import { encodeEnvelope, sealMessage, type Envelope, type PlainMessage, type Verifier } from '../../src/wire';

export type Machine = StateMachine<Frame, Ballot, PeerId, Collected>;
export type Message = PlainMessage<Frame, Ballot, PeerId, Collected>;

export interface Keyring {
  readonly validators: ValidatorSet;
  readonly ids: readonly PeerId[];
  signer(id: PeerId): Ed25519Signer;
}

export function keyring(n: number, weights?: readonly number[]): Keyring {
  const ids = Array.from({ length: n }, (_, i) => `v${i}`);
  const signers = new Map(ids.map((id) => [id, seededSigner(id)]));
  const validators = ValidatorSet.of(
    ids.map((id, i) => ({ id, publicKey: signers.get(id)!.publicKey, weight: weights?.[i] ?? 1 })),
  );
  return { validators, ids, signer: (id) => signers.get(id)! };
}

export const genesis = genesisFrame();

/** A certificate for `frame` signed by every validator of `ring` (genesis needs none). */
export function certify(ring: Keyring, frame: Frame): QuorumCert {
  if (frame.id === genesis.id) return { rank: 0, frame: genesis.id, votes: [] };
  return quorumCert(
    frame.rank,
    frame.id,
    ring.ids.map((id) => ballotFor(ring, id, frame)),
  );
}

/** A frame by `proposer` on `prior` at the next rank, carrying `prior`'s certificate. */
export function frameBy(
  ring: Keyring,
  proposer: PeerId,
  prior: Frame = genesis,
  mutations: string[] = [],
): Frame {
  return buildFrame(
    { prior, justify: certify(ring, prior), proposer, mutations, proof: `proof:${proposer}` },
    ring.signer(proposer),
    chainOf(ring),
  );
}

export const ballotFor = (ring: Keyring, voter: PeerId, frame: Frame): Ballot =>
  signBallot(frame, voter, ring.signer(voter), chainOf(ring));

/** The chain scope of `ring`'s validators on the test genesis: what every signature here covers. */
export const chainOf = (ring: Keyring): string => chainScope(genesis, ring.validators);

/** Seal `message` as its sender (the voter for a vote). */
export function seal(ring: Keyring, message: Message): Envelope {
  const sender = message.kind === 'vote' ? message.voter : message.peer;
  return sealMessage(referenceDomain, ring.signer(sender), message, chainOf(ring));
}

export const sealBytes = (ring: Keyring, message: Message): Uint8Array => encodeEnvelope(seal(ring, message));

export const silentBroadcasts: Broadcasts<Frame, Ballot, PeerId, Collected> = {
  proposal: () => undefined,
  vote: () => undefined,
  liveness: () => undefined,
  confirmation: () => undefined,
};

export const virtualScheduler = (): VirtualTimeScheduler => new VirtualTimeScheduler(VirtualAction, Infinity);

export interface Receiver {
  /** What checking evidence needs: the domain, a verifier and the protocol's message check. */
  readonly node: {
    readonly domain: typeof referenceDomain;
    readonly verifier: Verifier;
    readonly checkMessage: ReturnType<typeof referenceMessageCheck>;
  };
  readonly machine: Machine;
  readonly inbound: ReturnType<typeof createGuardedInbound<Frame, Ballot, PeerId, Collected>>;
}

const noProvider = (): never => {
  throw new Error('a receiver is never started');
};

/**
 * A real machine for node `self` that is never started: its receive side stores what it is given
 * (first write wins, stale and far ranks refused), with `genesis` as its active frame (rank 0),
 * behind the reference protocol's guarded inbound path, which checks signatures with `verifier`.
 */
export function receiver(
  ring: Keyring,
  self: PeerId = ring.ids[0]!,
  maxBytes?: number,
  verifier: Verifier = ed25519Verifier,
): Receiver {
  const machine = createStateMachine<Frame, Ballot, PeerId, Collected>({
    id: self,
    initialState: genesis,
    emitReceiveEventsOnSends: true,
    minimumProvers: 1,
    domain: referenceDomain,
    providers: {
      sync: { synchronize: noProvider },
      leader: { getNextLeaders: noProvider, proveNextState: noProvider },
      liveness: { collect: noProvider, sendLiveness: noProvider },
      voting: {
        sendProposal: noProvider,
        decideAndSendVote: noProvider,
        sendVote: noProvider,
        isQuorum: noProvider,
        finalizeVotes: noProvider,
        sendConfirmation: noProvider,
      },
    },
    scheduler: virtualScheduler(),
    tracer: { trace: () => undefined, error: () => undefined },
  });
  const checkMessage = referenceMessageCheck(verificationFor(ring.validators, verifier, genesis));
  const inbound = createGuardedInbound({
    machine,
    domain: referenceDomain,
    chain: chainOf(ring),
    validators: ring.validators,
    verifier,
    check: checkMessage,
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });
  return { node: { domain: referenceDomain, verifier, checkMessage }, machine, inbound };
}

/** Ed25519 verification that counts its calls (`calls.verify`): how specs show what a check cost. */
export function countingVerifier(): { readonly verifier: Verifier; readonly calls: { verify: number } } {
  const calls = { verify: 0 };
  return {
    calls,
    verifier: {
      verify: (key, bytes, signature) => {
        calls.verify++;
        return ed25519Verifier.verify(key, bytes, signature);
      },
    },
  };
}

/**
 * A reference validator `v0` of `ring` in virtual time with `verifier`, a catch-up interval of
 * 200 ms and a transport that sends nowhere unless `transport` is given; not started.
 */
export function validatorV0(
  ring: Keyring,
  verifier: Verifier,
  transport: ReferenceValidatorOptions['transport'] = { inbound$: NEVER, broadcast: () => undefined },
) {
  const scheduler = virtualScheduler();
  const v = createReferenceValidator({
    self: 'v0',
    signer: ring.signer('v0'),
    validators: ring.validators,
    scheduler,
    verifier,
    catchUpEvery: 200,
    transport,
  });
  return { v, scheduler };
}

/** `validatorV0` with a counting verifier, started and run through its first ten frames. */
export function startedValidator(ring: Keyring, transport?: ReferenceValidatorOptions['transport']) {
  const { verifier, calls } = countingVerifier();
  const { v, scheduler } = validatorV0(ring, verifier, transport);
  const events: ValidatorEvent[] = [];
  v.events$.subscribe((e) => events.push(e));
  v.start();
  scheduler.maxFrames = 10;
  scheduler.flush();
  return { v, scheduler, calls, events };
}
