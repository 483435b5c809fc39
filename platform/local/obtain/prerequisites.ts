import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Thrown when the machine lacks a tool; the message names it and how to install it. */
export class MissingPrerequisiteError extends Error {
  override name = 'MissingPrerequisiteError';
}

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

export function requireCommand(command: string, purpose: string, install: string): string {
  const found = findOnPath(command);
  if (!found) {
    throw new MissingPrerequisiteError(
      `'${command}' is not installed; it is needed ${purpose}. Install it with: ${install}`,
    );
  }
  return found;
}

function javaMajor(home: string): number | undefined {
  try {
    const release = readFileSync(join(home, 'release'), 'utf8');
    const version = /^JAVA_VERSION="(\d+)/m.exec(release)?.[1];
    return version ? Number(version) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A JDK of at least `minimum`: $INOPSIO_JAVA_HOME, else $JAVA_HOME, else the newest JDK in
 * /usr/lib/jvm (Debian's layout, where Temurin 25 sits beside the default OpenJDK 17).
 */
export function findJavaHome(minimum: number, purpose: string): string {
  const candidates = [process.env.INOPSIO_JAVA_HOME, process.env.JAVA_HOME].filter(
    (home): home is string => Boolean(home),
  );
  let system: string[] = [];
  try {
    system = readdirSync('/usr/lib/jvm').map((entry) => join('/usr/lib/jvm', entry));
  } catch {}
  system.sort((a, b) => (javaMajor(b) ?? 0) - (javaMajor(a) ?? 0));
  const found = [...candidates, ...system].find((home) => (javaMajor(home) ?? 0) >= minimum);
  if (!found) {
    throw new MissingPrerequisiteError(
      `no Java ${minimum} or newer was found (looked at $INOPSIO_JAVA_HOME, $JAVA_HOME and /usr/lib/jvm); ` +
        `it is needed ${purpose}. Install one with: apt-get install -y temurin-25-jdk ` +
        `(or openjdk-${minimum}-jdk-headless), or point INOPSIO_JAVA_HOME at a JDK`,
    );
  }
  return found;
}
