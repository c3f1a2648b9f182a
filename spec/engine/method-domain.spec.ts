/** `methodDomain()`: identity and rank read through the values' own methods. */
import { methodDomain } from '../../src/engine/method-domain';

class Item {
  constructor(
    private readonly id: string,
    private readonly at: number,
  ) {}
  identity(): string {
    return this.id;
  }
  rank(): number {
    return this.at;
  }
}
class Node {
  constructor(private readonly id: string) {}
  identity(): string {
    return this.id;
  }
}

describe('methodDomain', () => {
  it('reads every accessor through the methods', () => {
    const d = methodDomain<Item, Item, Node, Item>();
    for (const accessor of [d.state, d.vote, d.collected]) {
      expect(accessor.identity(new Item('a', 3))).toBe('a');
      expect(accessor.rank(new Item('a', 3))).toBe(3);
    }
    expect(d.peer.identity(new Node('n1'))).toBe('n1');
  });
});
