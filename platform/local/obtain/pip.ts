import { join } from 'node:path';
import type { Report } from '../report.ts';
import { MissingPrerequisiteError, requireCommand } from './prerequisites.ts';
import { runCommand } from './run-command.ts';

/** Creates a virtual environment in `venvDir` and installs `requirement` (`name==version`). */
export async function pipInstall(
  component: string,
  requirement: string,
  venvDir: string,
  report: Report,
): Promise<void> {
  const python = requireCommand(
    'python3',
    `to install ${requirement} from PyPI`,
    'apt-get install -y python3 python3-venv',
  );
  report(component, `installing ${requirement} from PyPI into ${venvDir}`);
  await runCommand(python, ['-m', 'venv', venvDir], {
    component,
    report,
    activity: 'creating a Python virtual environment',
  }).catch((error: unknown) => {
    throw new MissingPrerequisiteError(
      `python3 could not create a virtual environment; install the venv module with: apt-get install -y python3-venv`,
      { cause: error },
    );
  });
  await runCommand(
    join(venvDir, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', requirement],
    {
      component,
      report,
      activity: `installing ${requirement}`,
    },
  );
}
