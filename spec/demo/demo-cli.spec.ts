/**
 * `npm run demo` end to end: `main(argv, io)` in virtual time with JSON and with the plain text
 * report, bad options (exit 2 and a message), and the real process once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeScenario } from '../../src/entries/sim';
import { main } from '../../examples/demo';
import type { DemoIO } from '../../examples/shared/io';

function capture(): DemoIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text), isTTY: false },
    out: () => out,
    err: () => err,
  };
}

describe('the demo command', () => {
  it('--virtual --json: prints only a JSON summary reporting agreement, and exits 0', async () => {
    const io = capture();
    expect(await main(['--virtual', '--json'], io)).toBe(0);
    const output = JSON.parse(io.out());
    expect(output).toMatchObject({
      agree: true,
      reached: true,
      exitCode: 0,
      options: { nodes: 4, byzantine: 1, rounds: 30 },
    });
    expect(output.summary).toMatchObject({ ok: true, safetyViolations: 0 });
    // Every connected honest node has ranks 1…30 final, though v3 never proposes: the ranks it
    // leads end by a timeout certificate with no frame.
    expect(output.summary.liveness.commonRank).toBeGreaterThanOrEqual(30);
    expect(output.summary.nodes).toHaveLength(4);
    expect(
      output.summary.nodes
        .filter((n: { role: string }) => n.role === 'byzantine')
        .map((n: { id: string }) => n.id),
    ).toEqual(['v3']);
    // The scenario it ran, for `npm run simulate -- --replay`.
    expect(decodeScenario(output.scenario)).toMatchObject({ ok: true, scenario: { nodes: 4 } });
    expect(io.err()).toBe('');
  });

  it('--json FILE writes the summary there and the text report to the standard output', async () => {
    const io = capture();
    const file = join(mkdtempSync(join(tmpdir(), 'demo-')), 'run.json');
    expect(await main(['--virtual', '--rounds', '5', '--json', file], io)).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ agree: true, reached: true });
    expect(io.out()).toContain('Honest nodes agree on every rank');
  });

  it('--virtual on a plain output: progress lines, a table per node, and the verdict', async () => {
    const io = capture();
    expect(
      await main(['--virtual', '--rounds', '8', '--nodes', '7', '--byzantine', '2', '--seed', '9'], io),
    ).toBe(0);
    const text = io.out();
    expect(text).toMatch(/rank 8\/8 final on every honest node/);
    expect(text).toMatch(/│ v6\s+│ byzantine/);
    expect(text).toMatch(/equivocation \d+/);
    expect(text).toContain('Honest nodes agree on every rank');
    expect(text.includes('\u001b[')).toBe(false); // no colours off a terminal
    expect(text).toMatch(/agree on every rank \(up to rank \d+\): yes/);
  });

  it.each([
    [['--nodes', 'four'], /--nodes must be a whole number/],
    [['--nodes', '4', '--byzantine', '2'], /2 Byzantine nodes out of 4: at most 1/],
    [['--loss', '1.5'], /loss is a probability/],
    [['--latency', '40-5'], /latency "40-5": min exceeds max/],
    [['--behaviour', 'polite'], /behaviour "polite": expected one of mixed/],
    [['--strategy', 'polite'], /behaviour "polite": expected one of mixed/],
    [['--crash', '2@later'], /expected NODE@AT\[-RESTART\]/],
    [['--bogus'], /unknown option '--bogus'/],
    [['extra'], /too many arguments|unknown command|excess/i],
  ])('refuses %j with a message and exit status 2', async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it('still reads the old spellings: --strategy, and garbage-sender for garbage', async () => {
    const io = capture();
    expect(await main(['--virtual', '--rounds', '3', '--strategy', 'garbage-sender', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out()).scenario.byzantine).toEqual([{ node: 3, behaviours: [{ kind: 'garbage' }] }]);
  });

  it('--help prints the options and exits 0', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/-b, --byzantine <k>/);
    expect(io.out()).toMatch(/--behaviour <forms>/);
    expect(io.out()).not.toMatch(/--strategy/);
  });

  it('runs as a real process: npx tsx examples/demo.ts --virtual --json', () => {
    const root = join(__dirname, '..', '..');
    const child = spawnSync('npx', ['tsx', 'examples/demo.ts', '--virtual', '--json', '--rounds', '10'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ agree: true, reached: true });
    const bad = spawnSync('npx', ['tsx', 'examples/demo.ts', '--rounds', '0'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--rounds must be a whole number/);
  });
});
