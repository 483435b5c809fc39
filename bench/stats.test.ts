import { describe, expect, it } from 'vitest';
import { percentile, table } from './stats.ts';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 50)).toBe(3);
    expect(percentile(values, 95)).toBe(5);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('table', () => {
  it('aligns the first column left and the others right', () => {
    const rows = [
      ['etcd', 0.4],
      ['keycloak', 11.1],
    ];
    expect(table(['name', 'p50'], rows)).toBe(
      ['name       p50', '--------  ----', 'etcd       0.4', 'keycloak  11.1'].join('\n'),
    );
  });
});
