/** The README's diagram is the generated one: regenerate it with `npm run diagram` when the table changes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mermaidFence, toMermaid } from '../../src/viz';
import { embedGenerated, readGenerated } from '../../examples/embed-generated';

describe('README diagram', () => {
  it('equals the Mermaid diagram generated from TRANSITIONS', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readGenerated(readme, 'mermaid')).toBe(mermaidFence(toMermaid()).trim());
  });

  it('embedding replaces only the text between the markers', () => {
    const doc = 'a\n<!-- generated:x:start -->\nold\n<!-- generated:x:end -->\nb';
    expect(embedGenerated(doc, 'x', 'new')).toBe(
      'a\n<!-- generated:x:start -->\nnew\n<!-- generated:x:end -->\nb',
    );
    expect(() => embedGenerated('no markers', 'x', 'new')).toThrow('markers');
  });
});
