/**
 * rx-consensus/testing: helpers for your own protocol's tests in virtual time, with RxJS's
 * `TestScheduler` (marble tests) or a `VirtualTimeScheduler` (long runs).
 *
 * @module rx-consensus/testing
 */
export {
  virtualScheduler,
  statesEntered,
  transitionsOf,
  transitionLines,
  onFirstEntry,
  advance,
  type ObservedMachine,
} from '../testing/virtual-time';
