/**
 * A bounded history of the transitions a machine made: the last `limit` of them, numbered in the
 * order they were recorded, kept in a ring buffer so recording is O(1) however long the run.
 */
import type { TransitionRecord } from '../engine/outcome';
import { transitionsToMermaidFlow, transitionsToText, type NumberedTransition } from './history-format';
import { RingBuffer } from './ring-buffer';

export interface TransitionHistory {
  readonly limit: number;
  /** Transitions recorded so far, including those dropped since. */
  readonly recorded: number;
  record(transition: TransitionRecord): void;
  /** The kept transitions, oldest first. */
  entries(): readonly NumberedTransition[];
  toText(): string;
  toMermaidFlow(): string;
}

/** A history keeping the last `limit` transitions (`limit` a positive integer). */
export function createTransitionHistory(limit: number): TransitionHistory {
  const buffer = new RingBuffer<NumberedTransition>(limit);
  let recorded = 0;
  const entries = (): readonly NumberedTransition[] => buffer.toArray();
  return {
    limit,
    get recorded() {
      return recorded;
    },
    record({ from, to, event, at }) {
      recorded += 1;
      buffer.push({ seq: recorded, from, to, event, at });
    },
    entries,
    toText: () => transitionsToText(entries()),
    toMermaidFlow: () => transitionsToMermaidFlow(entries()),
  };
}
