/**
 * The one reporter of io-ts validation errors. It names the path of the first failing field
 * (`vote.tags[1]`, under a root the caller names), the type expected and a safe description of
 * what was there. It cannot throw: io-ts's own `PathReporter` stringifies the offending value
 * with `JSON.stringify`, which throws on BigInt; this one uses `describeValue`.
 */
import type * as t from 'io-ts';
import { describeValue } from './describe';

export interface FieldProblem {
  readonly field: string;
  readonly problem: string;
}

/** The field named when the value itself (not one of its members) is wrong and no root is given. */
export const ROOT_FIELD = '(root)';

/**
 * The first error as a field and a problem. The path is spelled from `root`: members with a dot,
 * array items in brackets (`root.vote.tags[1]`); an error on the value itself names `root`.
 */
export function reportFirst(errors: t.Errors, root: string = ROOT_FIELD): FieldProblem {
  const first = errors[0];
  if (first === undefined) return { field: root, problem: 'invalid value' };
  const path = pathOf(first.context);
  const field = path === '' ? root : root === ROOT_FIELD ? trimDot(path) : `${root}${path}`;
  return { field, problem: problemOf(first) };
}

/** `.a[0].b`: each step as it is spelled after its parent. */
function pathOf(context: t.Context): string {
  let path = '';
  for (let i = 0; i < context.length; i++) {
    const entry = context[i]!;
    if (entry.key === '') continue;
    const parent = context[i - 1];
    path += parent !== undefined && isArray(parent.actual) ? `[${entry.key}]` : `.${entry.key}`;
  }
  return path;
}

const trimDot = (path: string): string => (path.startsWith('.') ? path.slice(1) : path);

function problemOf(error: t.ValidationError): string {
  if (error.message !== undefined) return error.message;
  const last = error.context[error.context.length - 1];
  const expected = last === undefined ? 'a valid value' : last.type.name;
  const got = error.value === undefined ? 'nothing (missing)' : describeValue(error.value);
  return `expected ${expected}, got ${got}`;
}

function isArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false; // a revoked Proxy
  }
}
