/**
 * Test support for the reference, wire and inbound specs: a validator set of seeded Ed25519 keys,
 * signed frames and ballots, sealed envelopes, and a real (never started) machine as the receive
 * side of a guarded inbound path.
 */
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { createStateMachine, type StateMachine } from '../../src';
import {
  buildFrame,
  createReferenceInbound,
  createReferenceNode,
  genesisFrame,
  seededSigner,
  signBallot,
  ValidatorSet,
  type Ballot,
  type Collected,
  type Ed25519Signer,
  type Frame,
  type PeerId,
  type ReferenceNode,
  type ReferenceBroadcasts,
} from '../../src/reference';
import { referenceDomain } from '../../src/reference/domain';
import { encodeEnvelope, sealMessage, type Envelope, type PlainMessage } from '../../src/wire';

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

export function frameBy(
  ring: Keyring,
  proposer: PeerId,
  prior: Frame = genesis,
  mutations: string[] = [],
): Frame {
  return buildFrame({ prior, proposer, mutations, proof: `proof:${proposer}` }, ring.signer(proposer));
}

export const ballotFor = (ring: Keyring, voter: PeerId, frame: Frame): Ballot =>
  signBallot(frame, voter, ring.signer(voter));

/** Seal `message` as its sender (the voter for a vote). */
export function seal(ring: Keyring, message: Message): Envelope {
  const sender = message.kind === 'vote' ? message.voter : message.peer;
  return sealMessage(referenceDomain, ring.signer(sender), message);
}

export const sealBytes = (ring: Keyring, message: Message): Uint8Array => encodeEnvelope(seal(ring, message));

export const silentBroadcasts: ReferenceBroadcasts = {
  proposal: () => undefined,
  vote: () => undefined,
  liveness: () => undefined,
  confirmation: () => undefined,
};

export const virtualScheduler = (): VirtualTimeScheduler => new VirtualTimeScheduler(VirtualAction, Infinity);

export interface Receiver {
  readonly node: ReferenceNode;
  readonly machine: Machine;
  readonly inbound: ReturnType<typeof createReferenceInbound>;
}

/**
 * A real machine for node `self` that is never started: its receive side stores what it is given
 * (first write wins, stale and far ranks refused), with `genesis` as its active frame (rank 0).
 */
export function receiver(ring: Keyring, self: PeerId = ring.ids[0]!, maxBytes?: number): Receiver {
  const node = createReferenceNode({
    self,
    signer: ring.signer(self),
    validators: ring.validators,
    send: silentBroadcasts,
  });
  const machine = createStateMachine({
    ...node.machineOptions,
    initialState: genesis,
    scheduler: virtualScheduler(),
    tracer: { trace: () => undefined, error: () => undefined },
  });
  const inbound = createReferenceInbound(machine, node, maxBytes === undefined ? {} : { maxBytes });
  return { node, machine, inbound };
}
