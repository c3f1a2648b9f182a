/**
 * The transition table as a Mermaid `stateDiagram-v2`: one edge line per row (nothing collapsed,
 * so the diagram can be parsed back into the table), internal rows marked in their label.
 */
import { MachineState } from '../machine/states';
import { TRANSITIONS, type Transition } from '../machine/transitions';
import { edgeLabel } from './transition-kind';

export interface DiagramOptions {
  /** The state the start marker points at (default `stopped`); `null` draws no start marker. */
  readonly initial?: MachineState | null;
}

/** A Mermaid state diagram of `table`, without code fences (see `mermaidFence`). */
export function toMermaid(table: readonly Transition[] = TRANSITIONS, options: DiagramOptions = {}): string {
  const initial = options.initial === undefined ? MachineState.Stopped : options.initial;
  const lines = ['stateDiagram-v2'];
  if (initial !== null) lines.push(`  [*] --> ${initial}`);
  for (const t of table) lines.push(`  ${t.from} --> ${t.to} : ${edgeLabel(t)}`);
  return lines.join('\n');
}

/** Wraps a Mermaid diagram in a ```mermaid fence for Markdown. */
export const mermaidFence = (diagram: string): string => ['```mermaid', diagram.trimEnd(), '```'].join('\n');
