import type { CloudConfig } from './config.ts';

/** What every component takes: the stack's typed configuration. */
export interface ComponentArgs {
  config: CloudConfig;
}

/** `<stack>-<part>`: names are unique per stack, so several stacks share an account. */
export const resourceName = (config: CloudConfig, part: string) => `${config.stack}-${part}`;

/** A name for providers that allow only lowercase letters and digits (Azure storage accounts). */
export const compactName = (config: CloudConfig, part: string, max = 24) =>
  `${config.stack}${part}`.replace(/[^a-z0-9]/g, '').slice(0, max);

/** The stack's tags plus who manages the resource and for which environment. */
export const tagsOf = (config: CloudConfig): Record<string, string> => ({
  ...config.tags,
  environment: config.stack,
  'managed-by': 'pulumi',
  'part-of': 'inopsio',
});

/** Three zones when highly available, one otherwise (AWS zone letters, Azure zone numbers). */
export function zonesOf(config: CloudConfig): string[] {
  const count = config.highAvailability ? 3 : 1;
  const letters = ['a', 'b', 'c'].slice(0, count);
  if (config.provider === 'aws') return letters.map((letter) => `${config.region}${letter}`);
  return ['1', '2', '3'].slice(0, count);
}

/**
 * The `index`-th subnet of `cidr` that is `extraBits` longer: `subnet('10.0.0.0/16', 3, 2)` is
 * `10.0.64.0/19`.
 */
export function subnet(cidr: string, extraBits: number, index: number): string {
  const [address = '', prefixText = ''] = cidr.split('/');
  const prefix = Number(prefixText) + extraBits;
  if (prefix > 28 || index >= 2 ** extraBits) {
    throw new Error(`${cidr} has no subnet ${index} of /${prefix}`);
  }
  const base = address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  const start = base + index * 2 ** (32 - prefix);
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
  return `${octets.join('.')}/${prefix}`;
}
