/**
 * Why wire data was refused: the field (a dotted path such as `body.vote.rank`, or `(root)`) and
 * the reason, readable by a person. Expected failures are values, never exceptions.
 */
export interface WireError {
  readonly field: string;
  readonly problem: string;
  /** `field: problem`, ready to log. */
  readonly message: string;
}

export const ROOT_FIELD = '(root)';

export const wireError = (field: string, problem: string): WireError => ({
  field,
  problem,
  message: `${field}: ${problem}`,
});

/** The same error one level down, e.g. `vote.rank` inside `body` becomes `body.vote.rank`. */
export const underField = (prefix: string, e: WireError): WireError =>
  wireError(e.field === ROOT_FIELD ? prefix : `${prefix}.${e.field}`, e.problem);
