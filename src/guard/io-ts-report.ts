/**
 * A reporter for io-ts validation errors that cannot throw (io-ts's PathReporter calls
 * JSON.stringify and throws on BigInt): it names the path of the first failing field, the
 * expected type and a safe description of what was there.
 */
import type * as t from 'io-ts';
import { describeValue } from './describe';

export interface FieldProblem {
  readonly field: string;
  readonly problem: string;
}

export function reportFirst(errors: t.Errors, root: string): FieldProblem {
  const first = errors[0];
  if (first === undefined) return { field: root, problem: 'invalid' };
  const path = first.context
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.');
  const last = first.context[first.context.length - 1];
  const expected = last?.type.name ?? 'a valid value';
  const problem = first.message ?? `expected ${expected}, got ${describeValue(first.value)}`;
  return { field: path === '' ? root : `${root}.${path}`, problem };
}
