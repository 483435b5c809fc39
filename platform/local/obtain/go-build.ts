import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../report.ts';
import { requireCommand } from './prerequisites.ts';
import { runCommand } from './run-command.ts';

export interface GoBuild {
  /** Component name, for progress lines and the wrapper module's path. */
  component: string;
  /** `<cache>/<component>/<version>`: holds the wrapper module and `bin/`. */
  dir: string;
  /** `module@version` pairs added as tools of the wrapper module. */
  tools: string[];
  /** Modules to pin, e.g. Kubernetes' staging modules to their published versions. */
  replace?: Record<string, string>;
  /** Binary name → main package; with several binaries, each name is its package's last element. */
  binaries: Record<string, string>;
  ldflags?: string;
  report: Report;
}

export const goBinary = (build: Pick<GoBuild, 'dir'>, name: string) => join(build.dir, 'bin', name);

export const isGoBuildCached = (build: Pick<GoBuild, 'dir' | 'binaries'>) =>
  Object.keys(build.binaries).every((name) => existsSync(goBinary(build, name)));

/**
 * Builds Go programs from the module proxy through a wrapper module: `go get -tool` resolves
 * the versions (which honours the replace lines that `go install` refuses), `go build` makes
 * static binaries. `bin/` appears only when every binary is built.
 */
export async function buildGoPrograms(build: GoBuild): Promise<void> {
  const go = requireCommand(
    'go',
    `to build ${build.component} from the Go module proxy`,
    'the Go toolchain (1.24 or newer) from https://go.dev/doc/install',
  );
  const { report, component } = build;
  const moduleDir = join(build.dir, 'module');
  await mkdir(moduleDir, { recursive: true });
  const replaceLines = Object.entries(build.replace ?? {}).map(
    ([module, version]) => `replace ${module} => ${module} ${version}`,
  );
  await writeFile(
    join(moduleDir, 'go.mod'),
    [`module inopsio.local/${component}`, '', 'go 1.24', '', ...replaceLines, ''].join('\n'),
  );
  const env = { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOFLAGS: '-mod=mod' };
  const base = { component, report, cwd: moduleDir, env };

  report(component, `resolving ${build.tools.join(', ')} from the Go module proxy`);
  await runCommand(go, ['get', '-tool', ...build.tools], {
    ...base,
    activity: 'resolving modules',
  });

  const packages = Object.values(build.binaries);
  const total = (
    await runCommand(go, ['list', '-deps', ...packages], { ...base, activity: 'listing packages' })
  )
    .trim()
    .split('\n').length;
  const partial = join(build.dir, 'bin.partial');
  await rm(partial, { recursive: true, force: true });
  const names = Object.keys(build.binaries);
  report(
    component,
    `compiling ${names.join(', ')} (a cold build takes minutes; progress every 30 s)`,
  );
  let compiled = 0;
  // One build for all binaries, so shared packages compile once and progress counts them once.
  // Several binaries go into a folder, each named after its package.
  const output = names.length === 1 ? join(partial, names[0] as string) : `${partial}/`;
  await runCommand(
    go,
    ['build', '-v', '-trimpath', '-ldflags', build.ldflags ?? '-s -w', '-o', output, ...packages],
    {
      ...base,
      activity: `compiling ${names.join(', ')}`,
      onLine: () => compiled++,
      progress: () => `${compiled} of about ${total} packages compiled`,
    },
  );
  await rm(join(build.dir, 'bin'), { recursive: true, force: true });
  await rename(partial, join(build.dir, 'bin'));
}
