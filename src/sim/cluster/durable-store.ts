/**
 * What a simulated node keeps across a crash, as a disk would: the validator's store (everything
 * it signed, its safety state, the chain it finalized, where to restart) and its mutation pool
 * (so a restarted leader re-proposes the same frame, never a conflicting one).
 */
import { createMutationPool, type MutationPool } from '../../reference/mutation-pool';
import { createMemoryValidatorStore, type MemoryValidatorStore } from '../../reference/store/memory';

export interface DurableStore {
  readonly validator: MemoryValidatorStore;
  readonly pool: MutationPool;
}

export function createDurableStore(mutations: Iterable<string> = []): DurableStore {
  return { validator: createMemoryValidatorStore(), pool: createMutationPool(mutations) };
}
