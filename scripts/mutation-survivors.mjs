#!/usr/bin/env node
/**
 * The undetected mutants of the last `npm run mutate`, one line each, from Stryker's JSON report.
 *
 *   node scripts/mutation-survivors.mjs            # a Markdown table of every survivor
 *   node scripts/mutation-survivors.mjs --check    # exit 1 unless MUTATION.md names each of them
 *
 * A survivor is named by `file:line:column mutator` (Stryker's ids change from run to run; the
 * place and the kind of change do not while the code stays the same). `--check` is how
 * MUTATION.md is kept honest: every survivor of the last run must have its line there, saying
 * why it is kept.
 */
import { readFileSync } from 'node:fs';

const REPORT = 'reports/mutation/mutation.json';
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

let report;
try {
  report = JSON.parse(readFileSync(REPORT, 'utf8'));
} catch (err) {
  console.error(`cannot read ${REPORT} (run npm run mutate first): ${err.message}`);
  process.exit(2);
}

const survivors = [];
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const lines = source.split('\n');
  for (const m of mutants) {
    if (!UNDETECTED.has(m.status)) continue;
    const { line, column } = m.location.start;
    const original = lines
      .slice(line - 1, m.location.end.line)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    survivors.push({
      key: `${file.replace(/^src\//, '')}:${line}:${column} ${m.mutatorName}`,
      status: m.status === 'NoCoverage' ? 'no coverage' : 'survived',
      original: clip(original),
      replacement: clip((m.replacement ?? '').replace(/\s+/g, ' ')),
    });
  }
}
survivors.sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));

if (process.argv.includes('--check')) {
  const doc = readFileSync('MUTATION.md', 'utf8');
  const missing = survivors.filter((s) => !doc.includes(`\`${s.key}\``));
  for (const s of missing) console.error(`not in MUTATION.md: ${s.key} (${s.status}): ${s.replacement}`);
  console.log(
    `${survivors.length - missing.length} of ${survivors.length} survivors are named in MUTATION.md`,
  );
  process.exit(missing.length === 0 ? 0 : 1);
}

console.log('| mutant | status | code | mutated to | why it is kept |');
console.log('|---|---|---|---|---|');
for (const s of survivors) {
  console.log(`| \`${s.key}\` | ${s.status} | ${cell(s.original)} | ${cell(s.replacement)} | |`);
}

function clip(text) {
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}

function cell(text) {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}
