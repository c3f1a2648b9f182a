/** A validator that says nothing: it crashed, or withholds its liveness, proposals and votes. */
import type { ByzantineStrategy } from './types';

export const silent = (): ByzantineStrategy => ({
  name: 'silent',
  faulty: true,
  start: () => undefined,
});
