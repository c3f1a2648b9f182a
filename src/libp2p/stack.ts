/**
 * The libp2p modules the transport uses, as one module. The validator command bundles this file
 * into a single ES module (`libp2p-stack.mjs` beside its own bundle): Node then loads one file
 * instead of the several hundred that libp2p's packages are made of, which took most of a
 * validator's start-up. `loadLibp2p(stack)` imports such a bundle; without one, each package is
 * imported from `node_modules`.
 */
export * as libp2p from 'libp2p';
export * as tcp from '@libp2p/tcp';
export * as noise from '@chainsafe/libp2p-noise';
export * as yamux from '@chainsafe/libp2p-yamux';
export * as keys from '@libp2p/crypto/keys';
export * as peerId from '@libp2p/peer-id';
export * as multiaddr from '@multiformats/multiaddr';
export * as lp from 'it-length-prefixed';
