/** The policies' folders and samples on disk: `<group>/<policy>/samples/{allowed,denied}/*.json`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { policiesDir, policyGroups } from './build-bundles.ts';

export interface Sample {
  group: (typeof policyGroups)[number];
  policy: string;
  verdict: 'allowed' | 'denied';
  name: string;
  input: Record<string, unknown>;
}

const folders = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

/** Every policy folder as `<group>/<policy>` (helpers in `lib/` are not policies). */
export const policyFolders = () =>
  policyGroups.flatMap((group) =>
    folders(join(policiesDir, group))
      .filter((name) => name !== 'lib')
      .map((name) => ({ group, policy: name, dir: join(policiesDir, group, name) })),
  );

/** Every sample of every policy. */
export const samples = (): Sample[] =>
  policyFolders().flatMap(({ group, policy, dir }) =>
    (['allowed', 'denied'] as const).flatMap((verdict) => {
      const at = join(dir, 'samples', verdict);
      if (!existsSync(at)) return [];
      return readdirSync(at)
        .filter((file) => file.endsWith('.json'))
        .map((file) => ({
          group,
          policy,
          verdict,
          name: `${group}/${policy}/${verdict}/${file}`,
          input: JSON.parse(readFileSync(join(at, file), 'utf8')) as Record<string, unknown>,
        }));
    }),
  );
