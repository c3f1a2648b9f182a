/**
 * A binary min-heap keyed by (time, insertion sequence): O(log n) push and pop, FIFO among equal
 * times. Keys live in typed arrays beside the items, so a push allocates nothing once warmed up.
 */
export class MinQueue<T> {
  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private items: (T | undefined)[] = [];
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** The earliest time in the queue (`Infinity` when empty). */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Infinity;
  }

  push(time: number, item: T): void {
    if (this.count === this.times.length) this.grow();
    const { times, seqs, items } = this;
    const seq = this.nextSeq++;
    let i = this.count++;
    // The newcomer's sequence is the largest, so among equal times it already sorts last.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent]! <= time) break;
      times[i] = times[parent]!;
      seqs[i] = seqs[parent]!;
      items[i] = items[parent];
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    items[i] = item;
  }

  /** Removes and returns the earliest item; call only when `size > 0`. */
  pop(): T {
    const { times, seqs, items } = this;
    const top = items[0] as T;
    const last = --this.count;
    const time = times[last]!;
    const seq = seqs[last]!;
    const item = items[last];
    items[last] = undefined;
    if (last > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= last) break;
        const right = child + 1;
        if (right < last && before(times[right]!, seqs[right]!, times[child]!, seqs[child]!)) child = right;
        if (!before(times[child]!, seqs[child]!, time, seq)) break;
        times[i] = times[child]!;
        seqs[i] = seqs[child]!;
        items[i] = items[child];
        i = child;
      }
      times[i] = time;
      seqs[i] = seq;
      items[i] = item;
    }
    return top;
  }

  /** Empties the queue, handing each item to `visit` (in no particular order). */
  clear(visit?: (item: T) => void): void {
    for (let i = 0; i < this.count; i++) {
      if (visit) visit(this.items[i] as T);
      this.items[i] = undefined;
    }
    this.count = 0;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
  }
}

function before(timeA: number, seqA: number, timeB: number, seqB: number): boolean {
  return timeA < timeB || (timeA === timeB && seqA < seqB);
}
