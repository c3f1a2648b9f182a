/** The measuring scripts' plain arguments: counts or their defaults, and a clear exit on a bad one. */
import { countArguments } from '../../bench/support/args';

describe('countArguments', () => {
  let exit: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    exit.mockRestore();
    error.mockRestore();
  });

  it('reads the plain arguments in order, skipping flags, and defaults the rest', () => {
    expect(countArguments('u', { ranks: 30, runs: 3 }, ['--json', '200'])).toEqual({ ranks: 200, runs: 3 });
    expect(countArguments('u', { ranks: 30, runs: 3 }, ['7', '--json', '2'])).toEqual({ ranks: 7, runs: 2 });
    expect(countArguments('u', { ranks: 30, runs: 3 }, [])).toEqual({ ranks: 30, runs: 3 });
  });

  it.each([
    [['abc'], 'ranks must be a positive integer, got abc'],
    [['0'], 'ranks must be a positive integer, got 0'],
    [['1.5'], 'ranks must be a positive integer, got 1.5'],
    [['5', '6', '7'], 'unexpected argument 7'],
  ])('ends with exit code 2 on %j, naming the problem and the usage', (argv, problem) => {
    expect(() => countArguments('testnet [ranks] [runs]', { ranks: 30, runs: 3 }, argv)).toThrow('exit 2');
    expect(error).toHaveBeenCalledWith(`${problem}\nusage: testnet [ranks] [runs]`);
  });
});
