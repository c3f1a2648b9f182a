/**
 * The frames and certificates a validator knows, and the commit rule.
 *
 * Two-chain commit: a frame B is final once a frame C with `C.parent = B` and `C.rank = B.rank + 1`
 * is itself certified (C carries B's certificate, and a quorum voted for C). B's ancestors are
 * final with it. The tree appends final frames to the store in rank order; when an ancestor is
 * missing it asks for it (`missing`) and commits once catch-up delivers it.
 *
 * Memory is bounded: frames at or below the last final rank are dropped, and at most
 * `maxFrames` frames above it are kept (the lowest ranks go first).
 */
import type { FinalizedEntry, ValidatorStore } from './store/types';
import { genesisCertificate } from './frame';
import type { CertifiedFrame, Frame, QuorumCert } from './types';

export interface BlockTreeOptions {
  /** The chain's first frame: the root of the tree before anything is final. */
  readonly genesis: Frame;
  /** Where certified and final frames are written, and read back on a restart. */
  readonly store: ValidatorStore;
  /** A frame became final (called in rank order, after it was stored). */
  readonly finalized: (entry: FinalizedEntry) => void;
  /** Committing needs a frame this node does not have. */
  readonly missing: (frameId: string) => void;
  /** Most frames held in memory beyond the last final one (default 4096; the oldest go first). */
  readonly maxFrames?: number;
}

export class BlockTree {
  private readonly frames = new Map<string, Frame>();
  private readonly certificates = new Map<string, QuorumCert>();
  private last: FinalizedEntry;
  private highest: CertifiedFrame;
  private readonly maxFrames: number;

  constructor(private readonly options: BlockTreeOptions) {
    const { genesis, store } = options;
    this.maxFrames = options.maxFrames ?? 4096;
    this.last = store.lastFinalized() ?? { frame: genesis, certificate: genesisCertificate(genesis) };
    this.highest = store.highestCertified() ?? this.last;
    if (this.highest.frame.rank < this.last.frame.rank) this.highest = this.last;
    this.frames.set(this.highest.frame.id, this.highest.frame);
    this.certificates.set(this.highest.frame.id, this.highest.certificate);
  }

  /** The last final frame (genesis before any). */
  get lastFinalized(): FinalizedEntry {
    return this.last;
  }

  /** The highest-ranked frame known together with a certificate for it. */
  get highestCertified(): CertifiedFrame {
    return this.highest;
  }

  frame(id: string): Frame | undefined {
    if (id === this.last.frame.id) return this.last.frame;
    return this.frames.get(id);
  }

  /**
   * The mutations of the frame `id` and of its ancestors above the last final frame: what a frame
   * built on `id` must not carry again. Undefined when this tree does not hold that whole chain
   * (a certificate learnt before its frames, as after a restart): what it carries is unknown.
   */
  mutationsAbove(id: string): ReadonlySet<string> | undefined {
    const carried = new Set<string>();
    const last = this.last.frame;
    let f = this.frame(id);
    for (; f !== undefined && f.rank > last.rank; f = this.frame(f.parent))
      for (const m of f.mutations) carried.add(m);
    return f?.id === last.id ? carried : undefined;
  }

  certificateOf(id: string): QuorumCert | undefined {
    if (id === this.last.frame.id) return this.last.certificate;
    return this.certificates.get(id);
  }

  /** A valid frame (checked by the caller): remember it and the certificate of its parent. */
  addFrame(frame: Frame): void {
    if (frame.rank <= this.last.frame.rank || this.frames.has(frame.id)) return;
    this.frames.set(frame.id, frame);
    if (frame.justify !== null) this.addCertificate(frame.justify);
    this.bound();
    const own = this.certificates.get(frame.id);
    if (own !== undefined) this.certified(frame, own);
  }

  /** A valid certificate (checked by the caller). */
  addCertificate(qc: QuorumCert): void {
    if (qc.rank <= this.last.frame.rank || this.certificates.has(qc.frame)) return;
    this.certificates.set(qc.frame, qc);
    const frame = this.frames.get(qc.frame);
    if (frame !== undefined) this.certified(frame, qc);
  }

  /**
   * Certified frames above `afterRank` on the chain to the highest certified frame, ascending,
   * at most `limit`: what a peer that is behind needs (final frames come from the store).
   */
  certifiedAfter(afterRank: number, limit: number): CertifiedFrame[] {
    const path: CertifiedFrame[] = [];
    let frame: Frame | undefined = this.highest.frame;
    while (frame !== undefined && frame.rank > Math.max(afterRank, this.last.frame.rank)) {
      const certificate = this.certificateOf(frame.id);
      if (certificate === undefined) break;
      path.push({ frame, certificate });
      frame = this.frames.get(frame.parent);
    }
    return path.reverse().slice(0, limit);
  }

  /**
   * Record the new certified head and commit what it makes final. A store that writes in batches
   * writes the head and every frame made final as one (one transaction instead of one each); the
   * frames are reported final once that batch is written, and if it fails, the tree is left as it
   * was before, like the store.
   */
  private certified(frame: Frame, qc: QuorumCert): void {
    const { store, finalized } = this.options;
    const before = { last: this.last, highest: this.highest };
    if (store.batch === undefined) this.recordAndCommit(frame, qc, finalized);
    else {
      const final: FinalizedEntry[] = [];
      try {
        store.batch(() => this.recordAndCommit(frame, qc, (entry) => final.push(entry)));
      } catch (err) {
        this.last = before.last;
        this.highest = before.highest;
        throw err;
      }
      for (const entry of final) finalized(entry);
    }
    if (this.last !== before.last) this.prune();
  }

  private recordAndCommit(frame: Frame, qc: QuorumCert, finalized: (entry: FinalizedEntry) => void): void {
    if (frame.rank > this.highest.frame.rank) {
      this.highest = { frame, certificate: qc };
      this.options.store.recordCertified(this.highest);
    }
    this.commitHighest(finalized);
  }

  /**
   * Commit the highest frame the two-chain rule makes final (the parent P of a certified frame C
   * with `C.rank = P.rank + 1`) whose chain down to the last final frame is held: frames and
   * certificates may arrive in any order (catch-up can deliver ancestors last), and a frame still
   * missing high in the chain must not hold back what is final below it. Candidates are tried from
   * the highest down, each below the gap the one before it met, so the frames are walked once.
   */
  private commitHighest(finalized: (entry: FinalizedEntry) => void): void {
    const candidates: { readonly id: string; readonly rank: number }[] = [];
    for (const child of this.frames.values()) {
      const justify = child.justify;
      if (justify === null || justify.rank + 1 !== child.rank || !this.certificates.has(child.id)) continue;
      if (justify.rank > this.last.frame.rank) candidates.push({ id: child.parent, rank: justify.rank });
    }
    candidates.sort((a, b) => b.rank - a.rank);
    let below = Infinity;
    for (const candidate of candidates) {
      if (candidate.rank >= below) continue;
      const chain = this.chainTo(candidate);
      if (chain.complete) return this.commit(chain.frames, finalized);
      if (chain.gap !== null && below === Infinity) this.options.missing(chain.gap);
      below = chain.gapRank;
    }
  }

  /**
   * The frames from `top` down to the last final one, oldest first; or the id of the frame missing
   * on the way (null for a fork below the last final frame, never final) and the rank below which
   * another chain may still be complete.
   */
  private chainTo(top: {
    readonly id: string;
    readonly rank: number;
  }):
    | { readonly complete: true; readonly frames: readonly Frame[] }
    | { readonly complete: false; readonly gap: string | null; readonly gapRank: number } {
    const frames: Frame[] = [];
    let cursor = top.id;
    let above = top.rank;
    while (cursor !== this.last.frame.id) {
      const frame = this.frames.get(cursor);
      if (frame === undefined) return { complete: false, gap: cursor, gapRank: above };
      if (frame.rank <= this.last.frame.rank) return { complete: false, gap: null, gapRank: above };
      frames.push(frame);
      above = frame.rank;
      cursor = frame.parent;
    }
    return { complete: true, frames: frames.reverse() };
  }

  /**
   * Make `chain` (oldest first, starting right above the last final frame) final, telling
   * `finalized` of each frame once the store took it (the caller prunes what is below).
   */
  private commit(chain: readonly Frame[], finalized: (entry: FinalizedEntry) => void): void {
    for (const frame of chain) {
      const certificate = this.certificates.get(frame.id);
      if (certificate === undefined) return;
      const entry: FinalizedEntry = { frame, certificate };
      this.options.store.appendFinalized(entry);
      this.last = entry;
      finalized(entry);
    }
  }

  private prune(): void {
    const floor = this.last.frame.rank;
    for (const [id, frame] of this.frames) if (frame.rank <= floor) this.frames.delete(id);
    for (const [id, qc] of this.certificates) if (qc.rank <= floor) this.certificates.delete(id);
  }

  private bound(): void {
    if (this.frames.size <= this.maxFrames) return;
    const byRank = [...this.frames.values()].sort((a, b) => a.rank - b.rank);
    for (const frame of byRank.slice(0, this.frames.size - this.maxFrames)) this.frames.delete(frame.id);
  }
}
