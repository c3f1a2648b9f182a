/** Checkers over a run record: safety, liveness, evidence, and the verdict that combines them. */
export * from './safety';
export * from './liveness';
export * from './evidence';
export * from './reachability';
export * from './stall';
export * from './verdict';
