/**
 * A back-off that doubles on each failure up to a ceiling and starts over on success: how long to
 * wait before dialling a peer again, and how long a peer over its budget stays disconnected.
 */
export interface BackoffOptions {
  /** The first wait, ms. */
  readonly initial: number;
  /** The longest wait, ms. */
  readonly max: number;
}

export class Backoff {
  private failures = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** The wait after one more failure, ms. */
  next(): number {
    const wait = Math.min(this.options.max, this.options.initial * 2 ** Math.min(this.failures, 30));
    this.failures += 1;
    return wait;
  }

  reset(): void {
    this.failures = 0;
  }

  get count(): number {
    return this.failures;
  }
}
