import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findJavaHome, MissingPrerequisiteError, requireCommand } from './prerequisites.ts';

describe('prerequisites', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('finds a command on PATH', () => {
    expect(requireCommand('sh', 'to run scripts', 'apt-get install -y dash')).toMatch(/\/sh$/);
  });

  it('names a missing command, what it is for and how to install it', () => {
    vi.stubEnv('PATH', '/nonexistent');
    expect(() => requireCommand('mvn', 'to download Keycloak', 'apt-get install -y maven')).toThrow(
      new MissingPrerequisiteError(
        "'mvn' is not installed; it is needed to download Keycloak. Install it with: apt-get install -y maven",
      ),
    );
  });

  it('takes the JDK that INOPSIO_JAVA_HOME names when it is new enough', async () => {
    const home = await mkdtemp(join(tmpdir(), 'jdk-'));
    try {
      await writeFile(join(home, 'release'), 'JAVA_VERSION="25.0.1"\n');
      vi.stubEnv('INOPSIO_JAVA_HOME', home);
      expect(findJavaHome(21, 'to run Keycloak')).toBe(home);
    } finally {
      await rm(home, { recursive: true });
    }
  });

  it('says which Java it needs when none is new enough', () => {
    vi.stubEnv('INOPSIO_JAVA_HOME', '');
    vi.stubEnv('JAVA_HOME', '');
    expect(() => findJavaHome(99, 'to run Keycloak')).toThrow(
      /no Java 99 or newer was found .* it is needed to run Keycloak\. Install one with: apt-get install -y temurin-25-jdk/,
    );
  });
});
