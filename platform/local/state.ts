import { join } from 'node:path';

/** The files of one local platform's state folder. */
export function statePaths(stateDir: string) {
  return {
    root: stateDir,
    credentials: join(stateDir, 'credentials.json'),
    processes: join(stateDir, 'processes.json'),
    endpoints: join(stateDir, 'endpoints.json'),
    env: join(stateDir, 'env.sh'),
    kubeconfig: join(stateDir, 'kubeconfig'),
    logs: join(stateDir, 'logs'),
    log: (component: string) => join(stateDir, 'logs', `${component}.log`),
    /** A component's own data and configuration. */
    data: (component: string) => join(stateDir, component),
  };
}

export type StatePaths = ReturnType<typeof statePaths>;
