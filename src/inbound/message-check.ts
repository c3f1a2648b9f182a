/**
 * A protocol's own checks on a decoded message, plugged into the guarded inbound path: signatures
 * inside the body, agreement between the body and the envelope's sender. A problem is returned,
 * never thrown. `CheckProblem` is also what the reference protocol's item checks (frames,
 * ballots, certificates) answer, with the field relative to the item; `withinField` puts it
 * under the path of the item in the envelope (e.g. `body.vote.signature`).
 */
import type { PlainMessage } from '../wire/message';
import type { InboundRejectionDetails } from './rejection';

/**
 * Why an item or a message is not valid: the field and the reason. `bad_signature` covers a
 * signature that does not verify and a signer who is not a validator (there is no key to verify
 * it with).
 */
export interface CheckProblem {
  readonly reason: 'malformed' | 'bad_signature';
  readonly field: string;
  readonly problem: string;
}

export type MessageCheck<S, V, P, C> = (message: PlainMessage<S, V, P, C>) => CheckProblem | undefined;

export const malformedItem = (field: string, problem: string): CheckProblem => ({
  reason: 'malformed',
  field,
  problem,
});

export const badSignature = (field: string, problem: string): CheckProblem => ({
  reason: 'bad_signature',
  field,
  problem,
});

/** The same problem seen from further out: `signature` under `body.vote` is `body.vote.signature`. */
export const withinField = (prefix: string, p: CheckProblem): CheckProblem => ({
  reason: p.reason,
  field: `${prefix}.${p.field}`,
  problem: p.problem,
});

/** A problem with a message `sender` signed, as the inbound path's rejection. */
export const checkRejection = (p: CheckProblem, sender: string): InboundRejectionDetails =>
  p.reason === 'bad_signature'
    ? { reason: 'bad_signature', sender, field: p.field, problem: p.problem }
    : { reason: 'malformed', field: p.field, problem: p.problem };
