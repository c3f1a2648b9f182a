/**
 * Signed items a node checks again and again (a vote is counted on every tally, a frame's
 * certificate on every read) are checked once per object: a success is remembered by the item's
 * identity under the `Verification` it passed, so the next check costs a lookup instead of the
 * canonical encoding, the hashes and the signature cache. Only frozen items are remembered, and
 * only items whose every nested object is frozen too (the machine stores inbound values that
 * way), so nothing remembered can change after its check. Entries are weak: they cost no memory
 * beyond the items the node keeps anyway, whatever a sender sends.
 */
import { right, type Either } from 'fp-ts/Either';
import type { CheckProblem } from '../inbound/message-check';
import type { Verification } from './verification';

/** `check`, answering a frozen item that already passed it under the same `Verification` at once. */
export function checkedOnce<T extends object>(
  check: (item: T, v: Verification) => Either<CheckProblem, T>,
): (item: T, v: Verification) => Either<CheckProblem, T> {
  const passed = new WeakMap<Verification, WeakSet<T>>();
  return (item, v) => {
    const known = passed.get(v);
    if (known?.has(item) === true) return right(item);
    const result = check(item, v);
    if (result._tag === 'Right' && deeplyFrozen(item, MAX_FROZEN_CHECK)) {
      if (known === undefined) passed.set(v, new WeakSet([item]));
      else known.add(item);
    }
    return result;
  };
}

/** Beyond this many nested objects an item is checked every time (a bound on the walk). */
const MAX_FROZEN_CHECK = 4096;

/** Whether `value` and every object under it are frozen, within `budget` objects. */
function deeplyFrozen(value: object, budget: number): boolean {
  const pending: object[] = [value];
  let seen = 0;
  while (pending.length > 0) {
    const next = pending.pop() as object;
    if (!Object.isFrozen(next) || ++seen > budget) return false;
    for (const member of Object.values(next)) {
      if (typeof member === 'object' && member !== null) pending.push(member as object);
    }
  }
  return true;
}
