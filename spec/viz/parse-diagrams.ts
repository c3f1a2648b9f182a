/**
 * Test-side parsers that read generated diagrams back into table rows, written independently of
 * the generators so a round trip checks what a reader of the diagram would see.
 */
import { isMachineEvent, isMachineState } from '../../src/machine/states';
import type { Transition } from '../../src/machine/transitions';

/** A row as read back, with `internal` always present so rows compare with `toEqual`. */
export interface ParsedRow {
  readonly from: string;
  readonly event: string;
  readonly to: string;
  readonly internal: boolean;
}

export const normalise = (t: Transition): ParsedRow => ({
  from: t.from,
  event: t.event,
  to: t.to,
  internal: t.internal === true,
});

/** Sorted keys so two lists of rows compare as multisets. */
export const rowKeys = (rows: readonly ParsedRow[]): string[] =>
  rows.map((r) => `${r.from}|${r.event}|${r.to}|${r.internal}`).sort();

function checked(from: string, event: string, to: string, internal: boolean): ParsedRow {
  if (!isMachineState(from) || !isMachineState(to) || !isMachineEvent(event)) {
    throw new Error(`not a machine edge: ${from} --${event}--> ${to}`);
  }
  return { from, event, to, internal };
}

const MERMAID_EDGE = /^\s*(\w+) --> (\w+) : (\w+)(?: \[[^\]]*\])?( \(internal\))?\s*$/;
const MERMAID_START = /^\s*\[\*\] --> (\w+)\s*$/;

export function parseMermaid(diagram: string): { header: string; start: string[]; rows: ParsedRow[] } {
  const [header = '', ...lines] = diagram.split('\n');
  const start: string[] = [];
  const rows: ParsedRow[] = [];
  for (const line of lines) {
    const startMatch = MERMAID_START.exec(line);
    const edge = MERMAID_EDGE.exec(line);
    if (startMatch) start.push(startMatch[1]!);
    else if (edge) rows.push(checked(edge[1]!, edge[3]!, edge[2]!, edge[4] !== undefined));
    else if (line.includes('-->')) throw new Error(`unparsed mermaid edge: ${line}`);
  }
  return { header, start, rows };
}

const DOT_EDGE = /^\s*"([^"]+)" -> "([^"]+)"(?: \[(.*)\])?;\s*$/;
const DOT_NODE = /^\s*"([^"]+)"(?: \[.*\])?;\s*$/;

/** DOT attributes `a=b, c="d e"` as a record. */
function dotAttributes(text: string | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const m of (text ?? '').matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|[^,\s]+)/g)) {
    attributes[m[1]!] = m[2]!.startsWith('"') ? m[2]!.slice(1, -1) : m[2]!;
  }
  return attributes;
}

export interface ParsedDot {
  readonly nodes: string[];
  /** Edges without a label (the start marker). */
  readonly unlabeled: { from: string; to: string }[];
  readonly rows: ParsedRow[];
  /** Per row, whether it was drawn dashed. */
  readonly dashed: boolean[];
}

export function parseDot(dot: string): ParsedDot {
  const parsed: ParsedDot = { nodes: [], unlabeled: [], rows: [], dashed: [] };
  for (const line of dot.split('\n')) {
    const edge = DOT_EDGE.exec(line);
    if (edge) {
      const attributes = dotAttributes(edge[3]);
      const label = attributes['label'];
      if (label === undefined) {
        parsed.unlabeled.push({ from: edge[1]!, to: edge[2]! });
        continue;
      }
      const internal = label.endsWith(' (internal)');
      const event = (internal ? label.slice(0, -' (internal)'.length) : label).replace(/ \[[^\]]*\]$/, '');
      parsed.rows.push(checked(edge[1]!, event, edge[2]!, internal));
      parsed.dashed.push(attributes['style'] === 'dashed');
      continue;
    }
    const node = DOT_NODE.exec(line);
    if (node) parsed.nodes.push(node[1]!);
  }
  return parsed;
}

/** Rows of a Markdown table after its header and separator, as cell arrays (backticks stripped). */
export function parseMarkdownTable(markdown: string): { header: string[]; rows: string[][] } {
  const cells = (line: string): string[] =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim().replace(/^`|`$/g, ''));
  const lines = markdown.split('\n').filter((l) => l.trim().startsWith('|'));
  const [header = '', separator = '', ...body] = lines;
  if (!/^\|(\s*-+\s*\|)+$/.test(separator.trim())) throw new Error(`no table separator: ${separator}`);
  return { header: cells(header), rows: body.map(cells) };
}
