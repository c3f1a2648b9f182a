/**
 * `readableLabel`: a value the user handed in (a peer, a state) shown in full when no identity
 * function names it: a string as itself, anything else as JSON. It may call the value's `toJSON`
 * and may be long, so it is for labels of trusted values only; error messages about untrusted
 * input use `guard/describe.ts`'s `describeValue`, which is short and never calls user code.
 */
export function readableLabel(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value === null || value === undefined) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
