/**
 * A persistent map that only grows: first write wins, nothing is ever changed or removed.
 *
 * Each `GrowOnlyMap` is an immutable view of `size` entries over a shared, append-only core.
 * Adding an entry appends to the core and returns a new view one larger, in O(1); older views
 * keep seeing exactly their own entries, because an entry's position decides its visibility.
 * Extending an older view (a fork) copies its entries into a fresh core first, so every view
 * stays correct whatever order they are used in; the common, linear use never copies.
 *
 * Each entry also carries a `tag` (the inbound message that brought it) for evidence and metadata.
 */
/**
 * Entries interleaved as key, value, tag in one array (one growth instead of three). A core kept
 * by a `RoundBook` also records the book version of each entry (`versions`); a map view over
 * such a core never appends to it (the book does, with the version).
 */
export class Core<K, V, T> {
  readonly index = new Map<K, number>();
  readonly slots: unknown[] = [];
  length = 0;

  constructor(readonly versions: number[] | null = null) {}

  append(key: K, value: V, tag: T): void {
    this.index.set(key, this.length++);
    this.slots.push(key, value, tag);
  }

  /** Append an entry made at book version `version` (a versioned core). */
  appendAt(key: K, value: V, tag: T, version: number): void {
    this.append(key, value, tag);
    this.versions!.push(version);
  }

  /**
   * How many entries a book at `version` sees: those made at or before it, which come first.
   * Counted back from the newest entry: one step for the newest book, the machine's every read.
   */
  sizeAt(version: number): number {
    const versions = this.versions!;
    for (let n = versions.length; n > 0; n--) if (versions[n - 1]! <= version) return n;
    return 0;
  }
  key(i: number): K {
    return this.slots[3 * i] as K;
  }
  value(i: number): V {
    return this.slots[3 * i + 1] as V;
  }
  tag(i: number): T {
    return this.slots[3 * i + 2] as T;
  }
}

export class GrowOnlyMap<K, V, T = undefined> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly core: Core<K, V, T>,
    readonly size: number,
  ) {}

  static empty<K, V, T = undefined>(): GrowOnlyMap<K, V, T> {
    return new GrowOnlyMap<K, V, T>(new Core<K, V, T>(), 0);
  }

  /** A view of the first `size` entries of `core` (a round book's table). */
  static over<K, V, T>(core: Core<K, V, T>, size: number): GrowOnlyMap<K, V, T> {
    return new GrowOnlyMap<K, V, T>(core, size);
  }

  private position(key: K): number {
    const i = this.core.index.get(key);
    return i !== undefined && i < this.size ? i : -1;
  }

  has(key: K): boolean {
    return this.position(key) >= 0;
  }

  get(key: K): V | undefined {
    const i = this.position(key);
    return i < 0 ? undefined : this.core.value(i);
  }

  /** The tag stored with `key`'s entry. */
  tagOf(key: K): T | undefined {
    const i = this.position(key);
    return i < 0 ? undefined : this.core.tag(i);
  }

  /** A view with one more entry. Returns `this` when `key` is already present (first write wins). */
  with(key: K, value: V, tag: T): GrowOnlyMap<K, V, T> {
    return this.has(key) ? this : this.withNew(key, value, tag);
  }

  /** `with` for a key the caller has just seen absent (saves a lookup on the hot path). */
  withNew(key: K, value: V, tag: T): GrowOnlyMap<K, V, T> {
    let core = this.core;
    if (core.length !== this.size || core.versions !== null) {
      core = new Core<K, V, T>();
      for (let i = 0; i < this.size; i++) core.append(this.core.key(i), this.core.value(i), this.core.tag(i));
    }
    core.append(key, value, tag);
    return new GrowOnlyMap(core, this.size + 1);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.size; i++) callback.call(thisArg, this.core.value(i), this.core.key(i), this);
  }

  *entries(): MapIterator<[K, V]> {
    for (let i = 0; i < this.size; i++) yield [this.core.key(i), this.core.value(i)];
  }

  *keys(): MapIterator<K> {
    for (let i = 0; i < this.size; i++) yield this.core.key(i);
  }

  *values(): MapIterator<V> {
    for (let i = 0; i < this.size; i++) yield this.core.value(i);
  }

  *tags(): Generator<T, undefined, unknown> {
    for (let i = 0; i < this.size; i++) yield this.core.tag(i);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  /** A mutable copy, for a provider that wants one. */
  toMap(): Map<K, V> {
    return new Map(this.entries());
  }

  get [Symbol.toStringTag](): string {
    return 'GrowOnlyMap';
  }
}
