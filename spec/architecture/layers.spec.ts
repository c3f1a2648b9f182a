/**
 * The folders of `src` form layers, and imports only point down. Every relative import of every
 * `src/**\/*.ts` file is read with TypeScript's own `preProcessFile` (no type-checking needed),
 * folded to folder → folder edges, and checked: (a) no cycle between folders, (b) no folder
 * imports a folder of a higher layer. A new folder must be given a layer here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import * as ts from 'typescript';

const SRC = join(__dirname, '..', '..', 'src');

/**
 * Lowest first. Folders of one layer may import each other (the cycle check still applies).
 * The engine: machine → store → engine → effects → runtime, over the small utilities (guard,
 * operators). What watches a machine (viz, observe, testing) reads only the engine's types; the
 * runtime, which assembles the machine, sits above them (it writes structured logs through
 * observe). The wire, the transports and the guarded inbound path on those; the reference
 * protocol on them; adapters and the simulator on the protocol; the command line and the entry
 * points on top.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['guard', 'machine'],
  ['operators', 'store'],
  ['engine'],
  ['effects'],
  ['viz', 'observe', 'testing'],
  ['runtime'],
  ['wire'],
  ['transport'],
  ['inbound'],
  ['reference'],
  ['libp2p', 'sqlite'],
  ['sim'],
  ['cli', 'entries', '(root)'],
];

/**
 * Imports that break the layering, each `from-file -> imported path` (relative to `src`): none.
 * Kept as a list so an exception, if one is ever needed, is named and justified here; an entry
 * that no longer exists fails the test, so the list cannot go stale.
 */
const ALLOWED_VIOLATIONS: readonly string[] = [];

const layerOf = new Map(LAYERS.flatMap((folders, level) => folders.map((f) => [f, level] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `engine` for `engine/reducer.ts`, `(root)` for `index.ts`. */
const folderOf = (fromSrc: string): string => (fromSrc.includes('/') ? fromSrc.split('/')[0]! : '(root)');

interface Import {
  readonly file: string;
  readonly target: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The file (relative to `src`) an import names, or null for a package: relative paths, and the
 * package's own name, which `tsconfig.json` maps to `index.ts` and `rx-consensus/x` to `entries/x`.
 */
function targetOf(file: string, name: string): string | null {
  if (name === 'rx-consensus') return 'index.ts';
  if (name.startsWith('rx-consensus/')) return `entries/${name.slice('rx-consensus/'.length)}.ts`;
  if (!name.startsWith('.')) return null;
  return normalize(join(dirname(file), name))
    .split('\\')
    .join('/');
}

/** The imports of `text`, the source of `file`, that leave its folder. */
function importsOf(file: string, text: string): Import[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.flatMap(({ fileName }) => {
    const target = targetOf(file, fileName);
    if (target === null) return [];
    // `../effects` is the folder's index.
    const folder = existsSync(join(SRC, target)) && statSync(join(SRC, target)).isDirectory();
    const i = { file, target, from: folderOf(file), to: folder ? target.split('/')[0]! : folderOf(target) };
    return i.from === i.to ? [] : [i];
  });
}

const imports: readonly Import[] = sourceFiles(SRC).flatMap((path) =>
  importsOf(relative(SRC, path).split('\\').join('/'), readFileSync(path, 'utf8')),
);

const key = (i: Import): string => `${i.file} -> ${i.target}`;

describe('folder layers', () => {
  it('reads the imports of the source (the check is not vacuous)', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(imports).toContainEqual(expect.objectContaining({ from: 'wire', to: 'guard' }));
  });

  it("reads imports through the package's own name as the files it maps to", () => {
    const text =
      "import { a } from 'rx-consensus';\nimport { b } from 'rx-consensus/reference';\nimport 'rxjs';";
    expect(importsOf('engine/x.ts', text)).toEqual([
      { file: 'engine/x.ts', target: 'index.ts', from: 'engine', to: '(root)' },
      { file: 'engine/x.ts', target: 'entries/reference.ts', from: 'engine', to: 'entries' },
    ]);
    // Such an import from the engine points up: the check below would refuse it.
    expect(layerOf.get('(root)')! > layerOf.get('engine')!).toBe(true);
  });

  it('gives every folder of src a layer', () => {
    const folders = [...new Set(imports.flatMap((i) => [i.from, i.to]))];
    expect(folders.filter((f) => !layerOf.has(f))).toEqual([]);
  });

  it('no folder imports a higher layer (beyond the allow-list)', () => {
    const upward = imports.filter((i) => layerOf.get(i.to)! > layerOf.get(i.from)!).map(key);
    expect(upward.filter((k) => !ALLOWED_VIOLATIONS.includes(k))).toEqual([]);
    // Fixed violations leave the list.
    expect(ALLOWED_VIOLATIONS.filter((k) => !upward.includes(k))).toEqual([]);
  });

  it('has no import cycle between folders (beyond the allow-list)', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of imports) {
      if (ALLOWED_VIOLATIONS.includes(key(i))) continue;
      edges.set(i.from, (edges.get(i.from) ?? new Set()).add(i.to));
    }
    expect(findCycle(edges)).toBeNull();
  });
});

/** A cycle of folders as `a -> b -> a`, or null (depth-first search). */
function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string | null => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node].join(' -> ');
    if (done.has(node)) return null;
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle !== null) return cycle;
    }
    path.pop();
    done.add(node);
    return null;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle !== null) return cycle;
  }
  return null;
}
