/**
 * Loading libp2p from the CommonJS build. The libp2p packages are ESM-only, and TypeScript with
 * `module: commonjs` compiles `import()` into `require()`, so the import goes through a Function
 * that TypeScript does not rewrite. They also call `Promise.withResolvers` (Node 22+), which is
 * polyfilled first. Under Jest this needs `node --experimental-vm-modules` (the `test` script).
 */
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new this<T>((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    },
  });
}

// The text is this module's own (a random comment): V8 caches compiled code by its text, and under
// Jest, which evaluates this module once per spec file in a fresh VM context, a cached `import()`
// still answered to the spec file that compiled it first, long torn down (jestjs/jest#10944).
const dynamicImport = new Function(
  'specifier',
  `return import(specifier); // ${Math.random().toString(36).slice(2)}`,
) as (specifier: string) => Promise<unknown>;

/** `import(specifier)` as Node runs it, with a hint when an optional peer dependency is missing. */
export async function importEsm<T>(specifier: string): Promise<T> {
  try {
    return (await dynamicImport(specifier)) as T;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(`rx-consensus/libp2p needs the optional peer dependency ${specifier}: ${String(err)}`);
    }
    throw err;
  }
}
