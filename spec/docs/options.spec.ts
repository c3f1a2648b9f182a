/**
 * The README's table of the options of `npm run demo` and `npm run simulate` is the commands'
 * own option definitions, row for row (flags, which command takes them, default, description),
 * so it cannot drift from what the commands accept. A mismatch prints the table to paste.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { demoCommand, simulateCommand } from '../../src/cli/sim/commands';

const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

/** The default and the description of an option; a default the description states (`(default: …)`) moves to its column. */
function defaultAndDescription(option: Option): [string, string] {
  const stated = /^(.*) \(default: (.*)\)$/.exec(option.description);
  if (stated) return [stated[2]!, stated[1]!];
  const value: unknown = option.defaultValue;
  const shown =
    option.defaultValueDescription ??
    (value === undefined || value === false || (Array.isArray(value) && value.length === 0)
      ? ''
      : value === true
        ? 'on'
        : String(value));
  return [shown, option.description];
}

/** The table the definitions give: one row per visible option, in definition order. */
function optionTable(commands: Readonly<Record<string, Command>>): string {
  const rows = new Map<string, { option: Option; in: Set<string> }>();
  for (const [name, command] of Object.entries(commands))
    for (const option of command.options.filter((o) => !o.hidden)) {
      const row = rows.get(option.flags) ?? { option, in: new Set<string>() };
      row.in.add(name);
      rows.set(option.flags, row);
    }
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  return [
    `| Option | ${Object.keys(commands).join(' | ')} | Default | What it does |`,
    `|---|${Object.keys(commands)
      .map(() => ':-:|')
      .join('')}---|---|`,
    ...[...rows.values()].map(({ option, in: names }) => {
      const [fallback, description] = defaultAndDescription(option);
      const marks = Object.keys(commands).map((name) => (names.has(name) ? '✓' : ''));
      return `| \`${option.flags}\` | ${marks.join(' | ')} | ${cell(fallback)} | ${cell(description)} |`;
    }),
  ].join('\n');
}

describe("the README's option table", () => {
  it('lists every option of npm run demo and npm run simulate as the commands define it', () => {
    const block = /<!-- options:start -->\n([\s\S]*?)\n<!-- options:end -->/.exec(readme)?.[1];
    const expected = optionTable({ demo: demoCommand(), simulate: simulateCommand() });
    if (block !== expected) console.log(`README.md option table, as the commands define it:\n${expected}`);
    expect(block).toBe(expected);
  });

  it('has the options both commands share in one row each, marked for both', () => {
    const shared = ['--nodes', '--byzantine', '--behaviour', '--latency', '--json', '--seed', '--rounds'];
    for (const flag of shared)
      expect(readme).toMatch(new RegExp(`\\| \`[^\`]*${flag}[^\`]*\` \\| ✓ \\| ✓ \\|`));
  });
});
