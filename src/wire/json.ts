/**
 * Plain JSON values: the only data the wire carries. Everything decoded from the network is one of
 * these before a codec looks at it, so no class instance, getter or prototype trick survives.
 */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** Bounds on JSON read from an untrusted source. */
export interface JsonLimits {
  /** Deepest nesting of arrays and objects accepted (the root value is depth 0). */
  readonly maxDepth: number;
}

export const DEFAULT_MAX_DEPTH = 32;
