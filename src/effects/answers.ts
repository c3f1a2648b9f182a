/**
 * Shape checks for provider answers. A wrong-shaped answer (null where a state is due, a number
 * where leaders are) is the provider's failure, reported and answered with `induce_sync` like a
 * throw, never an engine fault.
 */
import { describeValue } from '../guard/describe';

export type AnswerCheck<T> = (answer: T) => string | null;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** Any value but null and undefined. */
export const present: AnswerCheck<unknown> = (a) =>
  a === null || a === undefined ? `expected a value, got ${describeValue(a)}` : null;

export const leaders: AnswerCheck<unknown> = (a) =>
  Array.isArray(a) ? null : `expected an array of peers, got ${describeValue(a)}`;

export const boolean: AnswerCheck<unknown> = (a) =>
  typeof a === 'boolean' ? null : `expected a boolean, got ${describeValue(a)}`;

/** An object whose `fields` are all present. */
export const withFields =
  (...fields: string[]): AnswerCheck<unknown> =>
  (a) => {
    if (!isObject(a)) return `expected { ${fields.join(', ')} }, got ${describeValue(a)}`;
    const missing = fields.filter((f) => a[f] === null || a[f] === undefined);
    return missing.length === 0 ? null : `answer lacks ${missing.join(', ')}`;
  };
