/**
 * Why wire data was refused: the field (a dotted path such as `body.vote.rank`, or `(root)`) and
 * the reason, readable by a person. Expected failures are values, never exceptions.
 */
import { ROOT_FIELD } from '../guard/io-ts-report';

export interface WireError {
  readonly field: string;
  readonly problem: string;
  /** `field: problem`, ready to log. */
  readonly message: string;
}

export { ROOT_FIELD } from '../guard/io-ts-report';

export const wireError = (field: string, problem: string): WireError => ({
  field,
  problem,
  message: `${field}: ${problem}`,
});

/** The same error one level down, e.g. `vote.rank` inside `body` becomes `body.vote.rank`. */
export const underField = (prefix: string, e: WireError): WireError =>
  wireError(
    e.field === ROOT_FIELD
      ? prefix
      : e.field.startsWith('[')
        ? `${prefix}${e.field}`
        : `${prefix}.${e.field}`,
    e.problem,
  );
