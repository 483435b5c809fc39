/**
 * The OPA CLI, built once from the Go module proxy into
 * `~/.cache/inopsio/opa/<version>/bin/opa` (the local platform's cache), with progress lines.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { consoleReport, resolveSettings } from '@inopsio/platform/local';
import { requireCommand } from '@inopsio/platform/local/obtain/prerequisites.ts';
import { runCommand } from '@inopsio/platform/local/obtain/run-command.ts';

export const opaVersion = '1.22.3';

type Report = typeof consoleReport;

/** Where this version of OPA lives once built. */
export const opaDir = () => join(resolveSettings().cacheDir, 'opa', opaVersion);

/** The path of the OPA binary, building it first when it is not cached. */
export async function obtainOpa(report: Report = consoleReport): Promise<string> {
  const dir = opaDir();
  const binary = join(dir, 'bin', 'opa');
  if (existsSync(binary)) return binary;
  const go = requireCommand(
    'go',
    'to build the OPA CLI from the Go module proxy',
    'the Go toolchain (1.24 or newer) from https://go.dev/doc/install',
  );
  const partial = join(dir, 'bin.partial');
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  report('opa', `building OPA ${opaVersion} with go install (about a minute when cold)`);
  await runCommand(go, ['install', `github.com/open-policy-agent/opa@v${opaVersion}`], {
    component: 'opa',
    activity: `building OPA ${opaVersion}`,
    report,
    cwd: dir,
    env: {
      ...process.env,
      GOTOOLCHAIN: 'local',
      CGO_ENABLED: '0',
      GOBIN: partial,
      GOPATH: join(dir, 'gopath'),
      // Module cache files read-only by default would make the cache hard to delete.
      GOFLAGS: '-modcacherw',
    },
  });
  // bin/ appears only once the binary is complete, so an interrupted build is redone.
  await rm(join(dir, 'bin'), { recursive: true, force: true });
  await rename(partial, join(dir, 'bin'));
  report('opa', `built ${binary}`);
  return binary;
}

/** Runs the OPA CLI with `args` in `cwd`, feeding `stdin` when given; rejects on a non-zero exit. */
export async function runOpa(args: string[], { stdin = '', cwd = process.cwd() } = {}) {
  const opa = await obtainOpa();
  const run = promisify(execFile)(opa, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  run.child.stdin?.end(stdin);
  return run;
}

/**
 * What the OPA CLI loads for a group, relative to policies/: the cloud samples are data for its
 * tests (under data.cloud); the other groups keep several samples per folder, which would not
 * merge as data, and their tests build their own inputs. `asData` for `opa eval`.
 */
export const opaSources = (group: string, { asData = false } = {}) => {
  const path = group === 'cloud' ? `cloud:${group}` : group;
  const ignore = group === 'cloud' ? [] : ['--ignore=samples'];
  return [...ignore, ...(asData ? ['--data', path] : [path])];
};
