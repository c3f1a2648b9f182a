/**
 * Frames: building, hashing, signing and checking the reference consensus state.
 *
 * `id` = SHA-256 of a context string and the canonical JSON of `{ rank, parent, proposer,
 * mutations, proof, justify, timeout }`; the proposer signs a context string, the chain scope and
 * the id. The genesis frame (rank 0,
 * parent and proposer "genesis", no signature) is the same on every node of a chain; `chain`
 * names the chain so two chains never share a genesis.
 */
import { left, right, type Either } from 'fp-ts/Either';
import { canonicalJsonOf } from '../wire/canonical';
import type { Signer } from '../wire/signature';
import { encodeUtf8 } from '../wire/utf8';
import { sha256Hex } from './hash';
import { checkQuorumCert, checkTimeoutCert } from './certificates';
import { badSignature, malformedItem, type CheckProblem } from '../inbound/message-check';
import type { Frame, PeerId, QuorumCert, TimeoutCert } from './types';
import { checkedOnce } from './checked-once';
import { scopedContext, type Verification } from './verification';

export const GENESIS = 'genesis';
const FRAME_ID_CONTEXT = 'rx-consensus/frame/v1\n';
const FRAME_SIGNATURE_CONTEXT = 'rx-consensus/frame-signature/v2\n';

export type FrameContent = Omit<Frame, 'id' | 'signature'>;

export function frameId(content: FrameContent): string {
  const { rank, parent, proposer, mutations, proof, justify, timeout } = content;
  return sha256Hex(
    FRAME_ID_CONTEXT + canonicalJsonOf({ justify, mutations, parent, proof, proposer, rank, timeout }),
  );
}

export const frameSigningBytes = (id: string, chain: string): Uint8Array =>
  encodeUtf8(scopedContext(FRAME_SIGNATURE_CONTEXT, chain) + id);

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
  readonly prior: Pick<Frame, 'id' | 'rank'>;
  /** The certificate of `prior` (default: none, which only a child of genesis may omit). */
  readonly justify?: QuorumCert;
  /** The timeout certificate of `rank − 1` when `prior` is older than that. */
  readonly timeout?: TimeoutCert | null;
  readonly proposer: PeerId;
  readonly mutations: readonly string[];
  readonly proof: string;
}

/** The certificate every node holds for the genesis frame: no ballots needed. */
export const genesisCertificate = (genesis: Pick<Frame, 'id' | 'rank'>): QuorumCert => ({
  rank: genesis.rank,
  frame: genesis.id,
  votes: [],
});

/** The frame `proposer` builds on `prior`, signed for the chain of scope `chain`. */
export function buildFrame(next: NextFrame, signer: Signer, chain: string): Frame {
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
  return { ...content, id, signature: signer.sign(frameSigningBytes(id, chain)) };
}

/**
 * A frame is valid when it is the genesis, or: its id is its content's hash, its proposer (a
 * validator) signed it, it carries a valid certificate of its parent at a lower rank, and, when
 * that parent is not at the rank just below, a valid timeout certificate for the rank just below.
 */
export const checkFrame = checkedOnce(function checkFrame(
  frame: Frame,
  v: Verification,
): Either<CheckProblem, Frame> {
  if (frameId(frame) !== frame.id)
    return left(malformedItem('id', 'does not match the hash of the frame content'));
  if (frame.id === v.genesis.id) return right(frame);
  const key = v.validators.publicKeyOf(frame.proposer);
  if (key === undefined) return left(badSignature('proposer', `${frame.proposer} is not a validator`));
  const { justify, timeout } = frame;
  if (justify === null)
    return left(malformedItem('justify', 'only the genesis frame has no parent certificate'));
  if (justify.frame !== frame.parent)
    return left(malformedItem('justify.frame', 'the certificate is not for the parent frame'));
  if (justify.rank >= frame.rank)
    return left(
      malformedItem('justify.rank', `the parent's rank ${justify.rank} is not below ${frame.rank}`),
    );
  if (justify.rank < frame.rank - 1 && (timeout === null || timeout.rank !== frame.rank - 1)) {
    return left(
      malformedItem(
        'timeout',
        `the parent is at rank ${justify.rank}: a timeout certificate for ${frame.rank - 1} is needed`,
      ),
    );
  }
  if (!v.verifier.verify(key, frameSigningBytes(frame.id, v.chain), frame.signature)) {
    return left(
      badSignature('signature', `not ${frame.proposer}'s signature over the frame id on this chain`),
    );
  }
  const qc = checkQuorumCert(justify, v);
  if (qc._tag === 'Left') return left({ ...qc.left, field: `justify.${qc.left.field}` });
  if (timeout !== null) {
    const tc = checkTimeoutCert(timeout, v);
    if (tc._tag === 'Left') return left({ ...tc.left, field: `timeout.${tc.left.field}` });
  }
  return right(frame);
});

/** Whether `frame` builds on `prior` (its parent, certified by the frame's `justify`). */
export const extendsFrame = (frame: Frame, prior: Frame): boolean =>
  frame.parent === prior.id && frame.rank > prior.rank;
