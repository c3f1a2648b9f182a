/** Helpers to drive a machine in virtual time and read what it did: the public testing helpers. */
export { transitionsOf, onFirstEntry, advance } from '../../src/testing/virtual-time';

export const HUGE = 1e9;
