/**
 * Turns io-ts validation errors into one `WireError` naming the path and the reason, e.g.
 * `vote.rank: expected non-negative integer, got string "x"`. io-ts's own `PathReporter`
 * stringifies the offending value with `JSON.stringify`, which throws on BigInt; this one uses
 * `describeValue` and never throws.
 */
import type * as t from 'io-ts';
import { describeValue } from '../guard/describe';
import { ROOT_FIELD, wireError, type WireError } from './wire-error';

export function reportErrors(errors: t.Errors): WireError {
  const first = errors[0];
  if (first === undefined) return wireError(ROOT_FIELD, 'invalid value');
  return wireError(pathOf(first.context), problemOf(first));
}

function pathOf(context: t.Context): string {
  let path = '';
  for (let i = 0; i < context.length; i++) {
    const entry = context[i]!;
    if (entry.key === '') continue;
    const parent = context[i - 1];
    const inArray = parent !== undefined && isArray(parent.actual);
    path = inArray ? `${path}[${entry.key}]` : path === '' ? entry.key : `${path}.${entry.key}`;
  }
  return path === '' ? ROOT_FIELD : path;
}

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
