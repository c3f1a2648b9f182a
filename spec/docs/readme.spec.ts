/**
 * The README's TypeScript blocks are the code users copy first: each one must compile, as written,
 * against the package's public entry points (`rx-consensus`, `rx-consensus/<entry>`, mapped to the
 * sources the build publishes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

function compilerOptions(): ts.CompilerOptions {
  const file = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
}

describe('README.md', () => {
  it('has TypeScript blocks', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it('every ts block compiles against the public entry points', () => {
    const options = { ...compilerOptions(), noEmit: true, noUnusedLocals: true };
    // Each block is its own module, in the project root so the entry-point mapping applies.
    const files = new Map(blocks.map((code, i) => [join(root, `readme-block-${i + 1}.ts`), code]));
    const host = ts.createCompilerHost(options);
    const read = host.readFile.bind(host);
    const exists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (f) => files.get(f) ?? read(f);
    host.fileExists = (f) => files.has(f) || exists(f);
    host.getSourceFile = (f, language, ...rest) =>
      files.has(f) ? ts.createSourceFile(f, files.get(f)!, language) : getSourceFile(f, language, ...rest);
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && files.has(d.file.fileName))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${d.file!.fileName.slice(root.length + 1)}:${line + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  });

  it('imports only public entry points', () => {
    for (const code of blocks) {
      for (const [, from] of code.matchAll(/from '([^']+)'/g))
        expect(from).toMatch(/^(rx-consensus(\/[a-z-]+)?|rxjs(\/testing)?)$/);
    }
  });
});
