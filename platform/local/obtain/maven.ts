import { mkdir } from 'node:fs/promises';
import type { Report } from '../report.ts';
import { requireCommand } from './prerequisites.ts';
import { runCommand } from './run-command.ts';

const dependencyPlugin = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

function maven(purpose: string): string {
  return requireCommand('mvn', purpose, 'apt-get install -y maven');
}

/** Runs Maven in `outDir`, so that its marker files land there and not in the caller's folder. */
async function runMaven(
  component: string,
  args: string[],
  outDir: string,
  report: Report,
  activity: string,
) {
  await mkdir(outDir, { recursive: true });
  let downloaded = 0;
  await runCommand(maven(`to download ${component} from Maven Central`), ['-B', '-ntp', ...args], {
    component,
    cwd: outDir,
    report,
    activity,
    onLine: (line) => {
      if (line.includes('Downloaded from')) downloaded++;
    },
    progress: () => `${downloaded} files downloaded`,
  });
}

/** Downloads an archive artifact (`group:artifact:version:zip`) and unpacks it into `outDir`. */
export async function mavenUnpack(
  component: string,
  artifact: string,
  outDir: string,
  report: Report,
): Promise<void> {
  report(component, `downloading ${artifact} from Maven Central`);
  await runMaven(
    component,
    [`${dependencyPlugin}:unpack`, `-Dartifact=${artifact}`, `-DoutputDirectory=${outDir}`],
    outDir,
    report,
    `downloading ${artifact}`,
  );
}

/** Copies the runtime dependencies of `pom` (with its properties set) into `outDir`. */
export async function mavenCopyDependencies(
  component: string,
  pom: string,
  properties: Record<string, string>,
  outDir: string,
  report: Report,
): Promise<void> {
  report(component, `downloading the jars of ${pom} from Maven Central`);
  await runMaven(
    component,
    [
      '-f',
      pom,
      `${dependencyPlugin}:copy-dependencies`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${outDir}`,
      ...Object.entries(properties).map(([key, value]) => `-D${key}=${value}`),
    ],
    outDir,
    report,
    'downloading jars',
  );
}
