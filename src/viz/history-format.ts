/**
 * Renders transitions actually taken: as numbered text lines, or as a Mermaid sequence diagram in
 * which each state is a lifeline and each transition an arrow, in the order they happened.
 */
import { ALL_STATES } from '../machine/states';
import type { TransitionRecord } from '../engine/outcome';

/** A recorded transition with its 1-based position among all transitions recorded. */
export interface NumberedTransition extends TransitionRecord {
  readonly seq: number;
}

/** `12  voting --quorum_reached--> finalizing @ 3050ms`, one line per transition. */
export function transitionsToText(entries: readonly NumberedTransition[]): string {
  const width = Math.max(0, ...entries.map((e) => String(e.seq).length));
  return entries
    .map((e) => `${String(e.seq).padStart(width)}  ${e.from} --${e.event}--> ${e.to} @ ${e.at}ms`)
    .join('\n');
}

/** A Mermaid `sequenceDiagram`: lifelines for the states visited (in round order), one arrow per transition. */
export function transitionsToMermaidFlow(entries: readonly NumberedTransition[]): string {
  const visited = new Set(entries.flatMap((e) => [e.from, e.to]));
  const participants = ALL_STATES.filter((s) => visited.has(s)).map((s) => `  participant ${s}`);
  const arrows = entries.map((e) => `  ${e.from}->>${e.to}: ${e.seq} ${e.event} @ ${e.at}ms`);
  return ['sequenceDiagram', ...participants, ...arrows].join('\n');
}
