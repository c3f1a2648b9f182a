/** A home folder: what init writes, and how its config file and the flags make `node`'s options. */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKeyFile } from '../../src/cli/files';
import { initHome, nodeOptionsOf, NODE_DEFAULTS } from '../../src/cli/home';
import { buildProgram } from '../../src/cli/program';
import { tempDir } from '../sqlite/fixtures';

describe('a home folder', () => {
  let home: string;
  beforeEach(() => (home = tempDir()));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('init writes a key (0600), a config naming every path, and a data dir; it never overwrites', () => {
    const layout = initHome(home, { id: 'v3', listen: '10.0.0.3:26656', httpPort: 26657 });
    expect(statSync(layout.key).mode & 0o777).toBe(0o600);
    expect(readKeyFile(layout.key).key).toMatchObject({ id: 'v3', publicKey: layout.publicKey });
    expect(JSON.parse(readFileSync(layout.config, 'utf8'))).toEqual({
      key: 'key.json',
      validators: 'validators.json',
      dataDir: 'data',
      listen: '10.0.0.3:26656',
      httpPort: 26657,
      ...NODE_DEFAULTS,
    });
    expect(statSync(layout.dataDir).isDirectory()).toBe(true);
    expect(() => initHome(home, { id: 'v3', listen: '10.0.0.3:26656' })).toThrow(`${layout.config} exists`);
    const again = tempDir();
    try {
      expect(initHome(again, { id: 'v3', listen: '127.0.0.1:1', importKey: layout.key }).publicKey).toBe(
        layout.publicKey,
      );
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it("node's options: defaults, then the config (paths read from the home), then the flags", () => {
    initHome(home, { id: 'v1', listen: '127.0.0.1:26656', httpPort: 26657 });
    expect(nodeOptionsOf({}, home)).toEqual({
      key: join(home, 'key.json'),
      validators: join(home, 'validators.json'),
      dataDir: join(home, 'data'),
      listen: '127.0.0.1:26656',
      httpPort: 26657,
      ...NODE_DEFAULTS,
    });
    expect(nodeOptionsOf({ httpPort: 9000, logLevel: 'debug', dataDir: '/elsewhere' }, home)).toMatchObject({
      httpPort: 9000,
      logLevel: 'debug',
      dataDir: '/elsewhere',
      key: join(home, 'key.json'),
    });
    expect(() => nodeOptionsOf({ key: 'k.json', validators: 'v.json' })).toThrow('--data-dir is required');
  });

  it("takes the received log's limit from the config or the flag, 0 included, and refuses a bad one naming it", async () => {
    initHome(home, { id: 'v1', listen: '127.0.0.1:26656' });
    expect(nodeOptionsOf({}, home).receivedLogMib).toBe(64);
    expect(nodeOptionsOf({ receivedLogMib: 0 }, home).receivedLogMib).toBe(0);
    const config = join(home, 'config.json');
    for (const bad of [-1, 1.5, '64']) {
      writeFileSync(config, JSON.stringify({ receivedLogMib: bad }));
      expect(() => nodeOptionsOf({}, home)).toThrow(new RegExp(`config file ${config}: .*receivedLogMib`));
    }
    const node = buildProgram().commands.find((c) => c.name() === 'node')!;
    const said: string[] = [];
    node.configureOutput({ writeErr: (s) => said.push(s), writeOut: (s) => said.push(s) });
    for (const bad of ['-1', 'x', '1.5']) {
      said.length = 0;
      await expect(
        node.parseAsync(['--home', home, '--received-log-mib', bad], { from: 'user' }),
      ).rejects.toMatchObject({ code: 'commander.invalidArgument' });
      expect(said.join('')).toContain(`option '--received-log-mib <MiB>' argument '${bad}' is invalid`);
    }
  });

  it('takes the leader rule from the config or the flag, and refuses one it does not know', async () => {
    initHome(home, { id: 'v1', listen: '127.0.0.1:26656' });
    expect(nodeOptionsOf({}, home).leaders).toBeUndefined();
    const config = join(home, 'config.json');
    const written = JSON.parse(readFileSync(config, 'utf8')) as object;
    writeFileSync(config, JSON.stringify({ ...written, leaders: 'reputation' }));
    expect(nodeOptionsOf({}, home).leaders).toBe('reputation');
    expect(nodeOptionsOf({ leaders: 'round-robin' }, home).leaders).toBe('round-robin');
    writeFileSync(config, JSON.stringify({ ...written, leaders: 'fastest' }));
    expect(() => nodeOptionsOf({}, home)).toThrow(new RegExp(`config file ${config}: .*leaders`));
    const node = buildProgram().commands.find((c) => c.name() === 'node')!;
    const said: string[] = [];
    node.configureOutput({ writeErr: (s) => said.push(s), writeOut: (s) => said.push(s) });
    await expect(
      node.parseAsync(['--home', home, '--leaders', 'fastest'], { from: 'user' }),
    ).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
    expect(said.join('')).toContain(
      "argument 'fastest' is invalid. Allowed choices are round-robin, reputation",
    );
  });

  it('refuses a config file with a bad or unknown option, naming it', () => {
    const config = join(home, 'config.json');
    writeFileSync(config, JSON.stringify({ httpPort: 70000 }));
    expect(() => nodeOptionsOf({}, home)).toThrow(new RegExp(`config file ${config}: .*httpPort`));
    writeFileSync(config, JSON.stringify({ metricsPort: 9100 }));
    expect(() => nodeOptionsOf({}, home)).toThrow(`config file ${config}: unknown option metricsPort`);
    rmSync(config);
    expect(() => nodeOptionsOf({}, home)).toThrow(`--home ${home}: no config.json`);
  });
});
