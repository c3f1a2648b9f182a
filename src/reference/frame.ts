/**
 * Frames: building, hashing, signing and checking the reference consensus state.
 *
 * `id` = SHA-256 of a context string and the canonical JSON of `{ rank, parent, proposer,
 * mutations, proof }`; the proposer signs a context string and the id. The genesis frame (rank 0,
 * parent and proposer "genesis", no signature) is the same on every node of a chain; `chain`
 * names the chain so two chains never share a genesis.
 */
import { left, right, type Either } from 'fp-ts/Either';
import { canonicalJsonOf } from '../wire/canonical';
import type { Signer } from '../wire/signature';
import { encodeUtf8 } from '../wire/utf8';
import { sha256Hex } from './hash';
import { badSignature, malformedItem, type ItemProblem } from './problem';
import type { Frame, PeerId, QuorumCert, TimeoutCert } from './types';
import type { Verification } from './verification';

export const GENESIS = 'genesis';
const FRAME_ID_CONTEXT = 'rx-consensus/frame/v1\n';
const FRAME_SIGNATURE_CONTEXT = 'rx-consensus/frame-signature/v1\n';

export type FrameContent = Omit<Frame, 'id' | 'signature'>;

export function frameId(content: FrameContent): string {
  const { rank, parent, proposer, mutations, proof, justify, timeout } = content;
  return sha256Hex(
    FRAME_ID_CONTEXT + canonicalJsonOf({ rank, parent, proposer, mutations, proof, justify, timeout }),
  );
}

export const frameSigningBytes = (id: string): Uint8Array => encodeUtf8(FRAME_SIGNATURE_CONTEXT + id);

export function genesisFrame(chain = ''): Frame {
  const content: FrameContent = {
    rank: 0,
    parent: GENESIS,
    proposer: GENESIS,
    mutations: [],
    proof: chain,
    justify: null,
    timeout: null,
  };
  return { ...content, id: frameId(content), signature: '' };
}

export interface NextFrame {
  /** The rank of the new frame (default: the prior's + 1). */
  readonly rank?: number;
  readonly prior: Frame;
  /** The certificate of `prior` (default: none, which only a child of genesis may omit). */
  readonly justify?: QuorumCert;
  /** The timeout certificate of `rank − 1` when `prior` is older than that. */
  readonly timeout?: TimeoutCert | null;
  readonly proposer: PeerId;
  readonly mutations: readonly string[];
  readonly proof: string;
}

/** The certificate every node holds for the genesis frame: no ballots needed. */
export const genesisCertificate = (genesis: Frame): QuorumCert => ({
  rank: genesis.rank,
  frame: genesis.id,
  votes: [],
});

/** The frame `proposer` builds on `prior`, signed. */
export function buildFrame(next: NextFrame, signer: Signer): Frame {
  const content: FrameContent = {
    rank: next.rank ?? next.prior.rank + 1,
    parent: next.prior.id,
    proposer: next.proposer,
    mutations: [...next.mutations],
    proof: next.proof,
    justify: next.justify ?? genesisCertificate(next.prior),
    timeout: next.timeout ?? null,
  };
  const id = frameId(content);
  return { ...content, id, signature: signer.sign(frameSigningBytes(id)) };
}

/** A frame is valid when its id is its content's hash and its proposer (a validator) signed it, or it is the genesis. */
export function checkFrame(frame: Frame, v: Verification): Either<ItemProblem, Frame> {
  if (frameId(frame) !== frame.id)
    return left(malformedItem('id', 'does not match the hash of the frame content'));
  if (frame.id === v.genesis.id) return right(frame);
  const key = v.validators.publicKeyOf(frame.proposer);
  if (key === undefined) return left(badSignature('proposer', `${frame.proposer} is not a validator`));
  if (!v.verifier.verify(key, frameSigningBytes(frame.id), frame.signature)) {
    return left(badSignature('signature', `not ${frame.proposer}'s signature over the frame id`));
  }
  return right(frame);
}

/** Whether `frame` extends `prior` directly. */
export const extendsFrame = (frame: Frame, prior: Frame): boolean =>
  frame.rank === prior.rank + 1 && frame.parent === prior.id;
