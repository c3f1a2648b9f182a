/**
 * Checking equivocation evidence: two envelopes prove a validator equivocated when both are
 * votes, from the same known sender, at the same rank, both signed by that sender (and passing the
 * protocol's own checks, e.g. ballot signatures), for different items. Anyone holding the
 * validators' public keys can run this; it never throws.
 */
import { left, right, type Either } from 'fp-ts/Either';
import { verifyEnvelope, type Envelope } from '../wire/envelope';
import { openEnvelope, type WireDomain } from '../wire/message';
import type { Verifier } from '../wire/signature';
import type { KnownSenders } from './known-senders';
import type { MessageCheck } from './message-check';

export interface EvidenceCheck<S, V, P, C> {
  readonly domain: WireDomain<S, V, P, C>;
  readonly validators: KnownSenders<P>;
  readonly verifier: Verifier;
  readonly check?: MessageCheck<S, V, P, C>;
}

export interface ProvenEquivocation<V> {
  readonly voter: string;
  readonly rank: number;
  readonly first: V;
  readonly second: V;
}

export function verifyEquivocation<S, V, P, C>(
  evidence: { readonly first: Envelope | null; readonly second: Envelope },
  ctx: EvidenceCheck<S, V, P, C>,
): Either<string, ProvenEquivocation<V>> {
  try {
    const { first, second } = evidence;
    if (first === null) return left('the first vote is not held as a signed envelope');
    if (first.kind !== 'vote' || second.kind !== 'vote') return left('both envelopes must be votes');
    if (first.sender !== second.sender) return left('the envelopes have different senders');
    if (first.rank !== second.rank) return left('the envelopes are at different ranks');
    const votes: V[] = [];
    for (const envelope of [first, second]) {
      const peer = ctx.validators.peerOf(envelope.sender);
      const key = ctx.validators.publicKeyOf(envelope.sender);
      if (peer === undefined || key === undefined) return left(`${envelope.sender} is not a known sender`);
      if (!verifyEnvelope(envelope, key, ctx.verifier, ctx.domain.itemSigning))
        return left('an envelope signature does not verify');
      const opened = openEnvelope(ctx.domain, envelope, peer);
      if (opened._tag === 'Left') return left(`an envelope does not decode: ${opened.left.message}`);
      const problem = ctx.check?.(opened.right);
      if (problem !== undefined)
        return left(`an envelope fails the protocol's checks: ${problem.field}: ${problem.problem}`);
      if (opened.right.kind !== 'vote') return left('both envelopes must be votes');
      votes.push(opened.right.vote);
    }
    const [a, b] = votes as [V, V];
    if (ctx.domain.vote.identity(a) === ctx.domain.vote.identity(b))
      return left('both envelopes carry the same vote');
    return right({ voter: first.sender, rank: first.rank, first: a, second: b });
  } catch {
    return left('the evidence could not be checked');
  }
}
