/**
 * The transition table as a Graphviz DOT digraph: every state declared once under its quoted
 * string name, one edge per row, internal rows dashed.
 */
import { MachineState } from '../machine/states';
import { TRANSITIONS, type Transition } from '../machine/transitions';
import type { DiagramOptions } from './mermaid';
import { edgeLabel, statesOf } from './transition-kind';

/** Node id of the start marker; no state can be named like this (states are snake_case words). */
export const DOT_START_NODE = '__start__';

/** A DOT string literal: the node id and label syntax Graphviz always accepts. */
export const dotQuote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function dotEdge(t: Transition): string {
  const attributes = [`label=${dotQuote(edgeLabel(t))}`];
  if (t.internal === true) attributes.push('style=dashed');
  return `  ${dotQuote(t.from)} -> ${dotQuote(t.to)} [${attributes.join(', ')}];`;
}

/** A Graphviz digraph of `table`. */
export function toDot(table: readonly Transition[] = TRANSITIONS, options: DiagramOptions = {}): string {
  const initial = options.initial === undefined ? MachineState.Stopped : options.initial;
  const lines = [
    'digraph consensus {',
    '  rankdir=LR;',
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  if (initial !== null) lines.push(`  ${dotQuote(DOT_START_NODE)} [shape=point, label=""];`);
  for (const state of statesOf(table)) lines.push(`  ${dotQuote(state)};`);
  if (initial !== null) lines.push(`  ${dotQuote(DOT_START_NODE)} -> ${dotQuote(initial)};`);
  for (const t of table) lines.push(dotEdge(t));
  lines.push('}');
  return lines.join('\n');
}
