/**
 * Why a reference frame, ballot or collection is not valid: the field (relative to the item) and
 * the reason. `bad_signature` covers a signature that does not verify and a signer who is not a
 * validator (there is no key to verify it with).
 */
export interface ItemProblem {
  readonly reason: 'malformed' | 'bad_signature';
  readonly field: string;
  readonly problem: string;
}

export const malformedItem = (field: string, problem: string): ItemProblem => ({
  reason: 'malformed',
  field,
  problem,
});
export const badSignature = (field: string, problem: string): ItemProblem => ({
  reason: 'bad_signature',
  field,
  problem,
});
