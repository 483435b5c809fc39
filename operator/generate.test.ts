import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles, repositoryRoot } from './generate.ts';

describe('generated files', () => {
  for (const [path, content] of generatedFiles()) {
    it(`${path} is up to date (run \`npm run generate\` if not)`, () => {
      let committed: string | undefined;
      try {
        committed = readFileSync(join(repositoryRoot, path), 'utf8');
      } catch {}
      expect(committed, `${path} is missing or stale: run \`npm run generate\``).toBe(content);
    });
  }
});
