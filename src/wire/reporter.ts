/**
 * io-ts validation errors as one `WireError`, e.g. `vote.rank: expected non-negative integer, got
 * string "x"`. The report itself is `guard/io-ts-report.ts`'s; this only wraps it.
 */
import type * as t from 'io-ts';
import { reportFirst } from '../guard/io-ts-report';
import { wireError, type WireError } from './wire-error';

export function reportErrors(errors: t.Errors): WireError {
  const { field, problem } = reportFirst(errors);
  return wireError(field, problem);
}
