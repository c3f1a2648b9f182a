/**
 * What a validator peer may cost before it is disconnected: a bucket of refusals that refills at a
 * steady rate, so an honest peer's occasional refused message never adds up, while a peer that
 * keeps sending what this node refuses empties it and is shut out for a back-off that doubles with
 * each offence. Time is read from a monotonic clock (`performance.now` by default), so a clock
 * stepped back cannot lift a ban or silence a peer.
 */
import { Backoff } from './backoff';

export interface PeerBudgetOptions {
  /** Refusals a peer may run up at once; default 64. */
  readonly refusals?: number;
  /** Refusals forgiven per second; default 10. */
  readonly refillPerSecond?: number;
  /** First disconnection, ms; default 1000. It doubles with each one, up to `maxBan`. */
  readonly ban?: number;
  /** Longest disconnection, ms; default 300000. */
  readonly maxBan?: number;
  /** Monotonic ms; default `performance.now`. */
  readonly now?: () => number;
}

interface Account {
  tokens: number;
  at: number;
  bannedUntil: number;
  readonly bans: Backoff;
}

export class PeerBudget {
  private readonly accounts = new Map<string, Account>();
  private readonly capacity: number;
  private readonly refill: number;
  private readonly now: () => number;

  constructor(private readonly options: PeerBudgetOptions = {}) {
    this.capacity = options.refusals ?? 64;
    this.refill = (options.refillPerSecond ?? 10) / 1000;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Charge `refusals` to `peer` (only validator peers have accounts: the map is bounded by the
   * validator set). Answers the ban in ms when this used up the budget, else undefined.
   */
  charge(peer: string, refusals = 1): number | undefined {
    const account = this.account(peer);
    const now = this.now();
    if (now < account.bannedUntil) return undefined;
    account.tokens = Math.min(this.capacity, account.tokens + (now - account.at) * this.refill);
    account.at = now;
    account.tokens -= refusals;
    if (account.tokens >= 0) return undefined;
    const ban = account.bans.next();
    account.bannedUntil = now + ban;
    // The budget refills from nothing during and after the ban: a peer back from one gets only
    // what the refill gave it, not a fresh budget to spend.
    account.tokens = 0;
    account.at = now;
    return ban;
  }

  /** Whether `peer` is shut out now. */
  banned(peer: string): boolean {
    const account = this.accounts.get(peer);
    return account !== undefined && this.now() < account.bannedUntil;
  }

  /** How many times `peer` was shut out. */
  bans(peer: string): number {
    return this.accounts.get(peer)?.bans.count ?? 0;
  }

  private account(peer: string): Account {
    let account = this.accounts.get(peer);
    if (account === undefined) {
      account = {
        tokens: this.capacity,
        at: this.now(),
        bannedUntil: -Infinity,
        bans: new Backoff({ initial: this.options.ban ?? 1000, max: this.options.maxBan ?? 300_000 }),
      };
      this.accounts.set(peer, account);
    }
    return account;
  }
}
