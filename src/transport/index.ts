/** The transport layer: the seeded in-memory network, the Transport abstraction, and the consensus wire messages. */
export * from './attach';
export * from './clone';
export * from './counters';
export * from './link';
export * from './messages';
export * from './network';
export * from './network-types';
export * from './rng';
export * from './transport';
