/**
 * Regenerates the state-machine diagrams in docs/ from the transition table, so the docs can
 * never drift from the code (spec/machine/documented-table.spec.ts checks they did not). Run with
 * `npm run diagram`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { TRANSITIONS } from 'rx-consensus';
import { docsFiles, readmeWithDiagram } from './generated-docs';

const docsDir = resolve(__dirname, '..', 'docs');

mkdirSync(docsDir, { recursive: true });
for (const [file, text] of docsFiles()) {
  const path = join(docsDir, file);
  writeFileSync(path, text);
  console.log(`wrote ${relative(process.cwd(), path)} (${text.trimEnd().split('\n').length} lines)`);
}
console.log(`${TRANSITIONS.length} transitions; render the DOT file with: dot -Tsvg docs/state-machine.dot`);

// The README embeds the same diagram between markers, so it cannot drift either.
const readmePath = resolve(__dirname, '..', 'README.md');
writeFileSync(readmePath, readmeWithDiagram(readFileSync(readmePath, 'utf8')));
console.log('updated the diagram in README.md');
