/** The wire format: canonical JSON, signed envelopes, their codecs, and safe error reporting. */
export * from './json';
export * from './wire-error';
export * from './reporter';
export * from './canonical';
export * from './utf8';
export * from './read-json';
export * from './primitives';
export * from './signature';
export * from './envelope';
export * from './encoding';
export * from './message';
export * from './broadcasts';
