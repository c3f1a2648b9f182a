/** Where the demo writes: the process's streams, or anything with `write` (a test's buffer). */
export interface Output {
  write(text: string): unknown;
  /** True for a terminal: live redraws and colours; otherwise plain lines. */
  readonly isTTY?: boolean;
}

export interface DemoIO {
  readonly stdout: Output;
  readonly stderr: Output;
}

export const processIO = (): DemoIO => ({ stdout: process.stdout, stderr: process.stderr });

/** Colours only on a terminal, and never with NO_COLOR set. */
export const wantsColor = (out: Output): boolean => out.isTTY === true && !('NO_COLOR' in process.env);
