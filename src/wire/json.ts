/**
 * Plain JSON values: the only data the wire carries. Everything decoded from the network is one of
 * these before a codec looks at it, so no class instance, getter or prototype trick survives.
 */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** Bounds on JSON read from an untrusted source. */
export interface JsonLimits {
  /** Deepest nesting of arrays and objects accepted (the root value is depth 0). */
  readonly maxDepth: number;
  /** Most values in the whole text (default `DEFAULT_MAX_VALUES`). */
  readonly maxValues?: number;
  /** Most keys in one object (default `DEFAULT_MAX_KEYS`). */
  readonly maxKeys?: number;
}

export const DEFAULT_MAX_DEPTH = 32;

/**
 * Most values in one message (containers plus separators), checked on the text before parsing:
 * parsing costs about 50 times more per byte for a dense run of small values than for text, so
 * this bounds what a message can cost by its shape, not only its size. Room for a catch-up answer
 * of 64 frames of 1,000 mutations each.
 */
export const DEFAULT_MAX_VALUES = 131_072;

/** Most keys in one object: a protocol's objects have a handful; a parser's dictionary of thousands is dear. */
export const DEFAULT_MAX_KEYS = 1024;
