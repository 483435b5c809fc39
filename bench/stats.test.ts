import { describe, expect, it } from 'vitest';
import { percentile, table } from './stats.ts';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 50)).toBe(
      ['name       p50', '--------  ----', 'etcd       0.4', 'keycloak  11.1'].join('\n'),
    );
  });
});

describe('table', () => {
  it('aligns text left and numbers right', () => {
    expect(
      table(
        ['name', 'p50'],
        [
          ['etcd', 0.4],
          ['keycloak', 11.1],
        ],
      ),
    ).toBe(['name        p50', '--------  -----', 'etcd        0.4', 'keycloak   11.1'].join('\n'));
  });
});
