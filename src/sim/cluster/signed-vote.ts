/** The vote inside an envelope this node sealed, for the record of votes signed (the double-vote check). */
import type { PeerId } from '../../reference/types';
import type { Envelope } from '../../wire/envelope';

export interface SignedVote {
  readonly rank: number;
  /** The id of the frame voted for. */
  readonly voteId: string;
  readonly proposer: PeerId;
}

export function signedVoteOf(envelope: Envelope): SignedVote | undefined {
  if (envelope.kind !== 'vote') return undefined;
  const vote = envelope.body['vote'];
  const proposer = envelope.body['proposer'];
  if (typeof vote !== 'object' || vote === null || Array.isArray(vote) || typeof proposer !== 'string') {
    return undefined;
  }
  const voteId = (vote as { readonly [key: string]: unknown })['proposal'];
  return typeof voteId === 'string' ? { rank: envelope.rank, voteId, proposer } : undefined;
}
