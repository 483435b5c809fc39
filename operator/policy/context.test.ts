import { describe, expect, it } from 'vitest';
import { editionObject, editionSpec, tenantObject, tenantSpec } from '../test/fixtures.ts';
import { otherEditions, relevantTenants } from './context.ts';

const tenant = (name: string, edition: string, domains: string[]) =>
  tenantObject(name, tenantSpec(edition, { domains }));
const fleet = [
  tenant('a', 'gold', ['a.example']),
  tenant('b', 'gold', ['Shared.example']),
  tenant('c', 'silver', ['c.example']),
];

describe('the admission context', () => {
  it('gives a Tenant the other tenants claiming one of its domains, whatever the case', () => {
    const object = tenant('new', 'gold', ['shared.example', 'new.example']);
    expect(
      relevantTenants('Tenant', object, fleet).map(
        (t) => (t as { metadata: { name: string } }).metadata.name,
      ),
    ).toEqual(['b']);
    // A tenant is never its own rival.
    const b = fleet[1] as object;
    expect(relevantTenants('Tenant', b, fleet)).toEqual([]);
  });

  it('gives an Edition its tenants, and the other editions', () => {
    const gold = editionObject('gold', editionSpec());
    expect(relevantTenants('Edition', gold, fleet)).toHaveLength(2);
    expect(
      otherEditions('Edition', gold, [gold, editionObject('silver', editionSpec())]),
    ).toHaveLength(1);
  });
});
