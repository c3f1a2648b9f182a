/** What `nemesis cleanup` may remove: only names a run makes, never another interface or namespace. */
import { isRunName, newPrefix } from '../../../src/cli/nemesis/hosts';

describe('isRunName', () => {
  it("takes a run's bridge, veth ends and namespaces", () => {
    const prefix = newPrefix();
    for (const suffix of ['br', 'h1', 'n5', '-v3', '-v12'])
      expect(isRunName(`${prefix}${suffix}`)).toBe(true);
  });

  it('leaves everything else alone', () => {
    for (const name of [
      'eth0',
      'lo',
      'ifb0',
      'docker0',
      'rxn',
      'rxnbr',
      'rxn12345br',
      'rxnzzzzbr',
      'xrxn1a2bbr',
      'rxn1a2bbr0',
      'rxn1a2b-v',
    ])
      expect(isRunName(name)).toBe(false);
  });
});
