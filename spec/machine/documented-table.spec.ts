/**
 * The transition table users read equals `TRANSITIONS`, row by row. The table in
 * docs/transitions.md and the diagrams (that page's, docs/state-machine.mmd, the README's) are
 * read back with parsers written here, independently of the generators, and compared with the
 * table in the code: same rows in the same order, none missing, none extra, the same kind and
 * guard on each. The generated files must also still be exactly what `npm run diagram` writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMachineEvent, isMachineState } from '../../src/machine/states';
import { TRANSITIONS, type Transition } from '../../src/machine/transitions';
import { docsFiles, readmeWithDiagram } from '../../examples/generated-docs';

const root = join(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

interface Row {
  readonly from: string;
  readonly event: string;
  readonly to: string;
  readonly kind: 'transition' | 'self-loop' | 'internal';
  readonly guard: string | null;
}

const kindOf = (t: Transition): Row['kind'] =>
  t.internal === true ? 'internal' : t.from === t.to ? 'self-loop' : 'transition';
const expected: Row[] = TRANSITIONS.map((t) => ({
  from: t.from,
  event: t.event,
  to: t.to,
  kind: kindOf(t),
  guard: t.guard ?? null,
}));
const key = (r: Pick<Row, 'from' | 'event'>) => `${r.from} ${r.event}`;

/** The rows of the Markdown table whose header is `| from | event | to | kind |`. */
function markdownRows(page: string): Omit<Row, 'guard'>[] {
  const lines = page.split('\n');
  const header = lines.findIndex((l) => /^\|\s*from\s*\|\s*event\s*\|\s*to\s*\|\s*kind\s*\|$/.test(l.trim()));
  if (header < 0) throw new Error('no transition table in the page');
  if (!/^\|(\s*-+\s*\|){4}$/.test(lines[header + 1]!.trim()))
    throw new Error('no separator under the header');
  const rows: Omit<Row, 'guard'>[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.trim().startsWith('|')) break;
    const cells = line
      .trim()
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim().replace(/^`(.*)`$/, '$1'));
    if (cells.length !== 4) throw new Error(`not a 4-cell row: ${line}`);
    const [from, event, to, kind] = cells as [string, string, string, string];
    if (!isMachineState(from) || !isMachineEvent(event) || !isMachineState(to))
      throw new Error(`not a machine row: ${line}`);
    if (kind !== 'transition' && kind !== 'self-loop' && kind !== 'internal')
      throw new Error(`kind? ${line}`);
    rows.push({ from, event, to, kind });
  }
  return rows;
}

/** The edges of a Mermaid state diagram: `from --> to : event [guard] (internal)`. */
function mermaidRows(diagram: string): Row[] {
  const rows: Row[] = [];
  for (const line of diagram.split('\n')) {
    if (!line.includes('-->') || line.includes('[*]')) continue;
    const m = /^\s*(\w+) --> (\w+) : (\w+)(?: \[([^\]]+)\])?( \(internal\))?\s*$/.exec(line);
    if (m === null) throw new Error(`unreadable edge: ${line}`);
    const [, from, to, event, guard, internal] = m as unknown as [
      string,
      string,
      string,
      string,
      string?,
      string?,
    ];
    rows.push({
      from,
      event,
      to,
      kind: internal !== undefined ? 'internal' : from === to ? 'self-loop' : 'transition',
      guard: guard ?? null,
    });
  }
  return rows;
}

const mermaidBlocks = (markdown: string): string[] =>
  [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);

function expectSameRows(actual: readonly Row[] | readonly Omit<Row, 'guard'>[], withGuard: boolean): void {
  const want = withGuard ? expected : expected.map(({ guard: _guard, ...rest }) => rest);
  const actualKeys = new Set(actual.map(key));
  const wantKeys = new Set(want.map(key));
  // Named first, so a failure says which rows are missing or extra.
  expect([...wantKeys].filter((k) => !actualKeys.has(k))).toEqual([]);
  expect([...actualKeys].filter((k) => !wantKeys.has(k))).toEqual([]);
  expect(actual).toHaveLength(want.length);
  expect(actual).toEqual(want);
}

describe('the documented transition table', () => {
  const page = read('docs/transitions.md');

  it('docs/transitions.md tabulates TRANSITIONS row by row (from, event, to, kind)', () => {
    expectSameRows(markdownRows(page), false);
  });

  it("the page's diagram draws TRANSITIONS row by row, guards included", () => {
    const [diagram, ...more] = mermaidBlocks(page);
    expect(more).toEqual([]);
    expectSameRows(mermaidRows(diagram!), true);
  });

  it('docs/state-machine.mmd and the README diagram draw TRANSITIONS row by row, guards included', () => {
    expectSameRows(mermaidRows(read('docs/state-machine.mmd')), true);
    const readme = mermaidBlocks(read('README.md'));
    expect(readme).toHaveLength(1);
    expectSameRows(mermaidRows(readme[0]!), true);
  });

  it('every guard of the table is shown', () => {
    const guards = new Set(TRANSITIONS.flatMap((t) => (t.guard === undefined ? [] : [t.guard])));
    expect(guards.size).toBeGreaterThan(0);
    for (const guard of guards) expect(page).toContain(`[${guard}]`);
  });

  it.each(docsFiles().map(([file, text]) => [file, text] as const))(
    'docs/%s is what `npm run diagram` generates (run it after changing the table)',
    (file, text) => {
      expect(read(join('docs', file))).toBe(text);
    },
  );

  it('the README diagram is what `npm run diagram` generates', () => {
    const readme = read('README.md');
    expect(readmeWithDiagram(readme)).toBe(readme);
  });

  it('the parsers refuse what they cannot read instead of skipping it', () => {
    expect(() => markdownRows('no table')).toThrow('no transition table');
    expect(() =>
      markdownRows(
        '| from | event | to | kind |\n|---|---|---|---|\n| `voting` | `nope` | `voting` | internal |',
      ),
    ).toThrow('not a machine row');
    expect(() => mermaidRows('  voting --> voting vote_received')).toThrow('unreadable edge');
  });
});
