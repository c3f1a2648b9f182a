/** The transition table as a Markdown table: one row per table row, with its kind. */
import { TRANSITIONS, type Transition } from '../machine/transitions';
import { transitionKind } from './transition-kind';

const code = (name: string): string => `\`${name}\``;

/** A Markdown table with the columns from | event | to | kind. */
export function toMarkdownTable(table: readonly Transition[] = TRANSITIONS): string {
  const lines = ['| from | event | to | kind |', '|---|---|---|---|'];
  for (const t of table) {
    lines.push(`| ${code(t.from)} | ${code(t.event)} | ${code(t.to)} | ${transitionKind(t)} |`);
  }
  return lines.join('\n');
}
