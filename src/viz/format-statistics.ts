/** Renders `MachineStatistics` as aligned plain text, for a terminal or a log line block. */
import type { RoundCounts } from '../store/round-book';
import type { MachineStatistics } from './statistics';

const ROUND_COLUMNS = [
  'rank',
  'liveness',
  'proposals',
  'votes',
  'confirmations',
] as const satisfies readonly (keyof RoundCounts)[];

function roundsTable(rounds: readonly RoundCounts[]): string[] {
  if (rounds.length === 0) return ['  (no round data)'];
  const rows = rounds.map((r) => ROUND_COLUMNS.map((column) => String(r[column])));
  const widths = ROUND_COLUMNS.map((column, i) =>
    Math.max(column.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: readonly string[]): string =>
    '  ' + cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ');
  return [line(ROUND_COLUMNS), ...rows.map(line)];
}

/** A readable multi-line summary (no trailing newline). */
export function formatStatistics(stats: MachineStatistics): string {
  const since = stats.timeInState === null ? `since ${stats.enteredAt} ms` : `for ${stats.timeInState} ms`;
  const active = stats.activeState.rank < 0 ? 'none' : `rank ${stats.activeState.rank}`;
  const fields: [string, string][] = [
    ['state', `${stats.currentState} (${since})`],
    ['transitions made', String(stats.transitionsMade)],
    ['last event', stats.lastEvent ?? '-'],
    [
      'active state',
      stats.activeState.identity === null ? active : `${active}, ${stats.activeState.identity}`,
    ],
    ['next provers', stats.nextProvers.length === 0 ? '-' : stats.nextProvers.join(', ')],
    ['chosen proposer', stats.chosenProposer ?? '-'],
    [
      'machine',
      `${stats.states} states, ${stats.transitions} transitions (${stats.internalTransitions} internal)`,
    ],
  ];
  if (stats.fault !== null) fields.push(['fault', stats.fault]);
  const width = Math.max(...fields.map(([name]) => name.length));
  return [
    ...fields.map(([name, value]) => `${name.padEnd(width)}  ${value}`),
    'rounds',
    ...roundsTable(stats.rounds),
  ].join('\n');
}
