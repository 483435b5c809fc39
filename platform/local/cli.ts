#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { ComponentName } from './component.ts';
import { endpointsFile, readEndpoints, shellEnv } from './endpoints.ts';
import { components, down, status, stopOnInterrupt, type UpResult, up } from './platform.ts';
import { consoleReport, formatDuration } from './report.ts';
import { defaultPorts, type PortName, portEnv, portFlag, resolveSettings } from './settings.ts';

const usage = `Usage: npm run local -- <command> [options]

The local platform: real etcd, kube-apiserver, kube-controller-manager, PostgreSQL, Keycloak,
OpenBao and Kafka on 127.0.0.1, obtained once into ~/.cache/inopsio.

Commands:
  up       obtain what is missing, start every component and wait until each is ready
  down     stop every component that up started (data, logs and caches stay)
  status   each component's process, health and ports
  env      shell exports for the endpoints: eval "$(npm run --silent local -- env)"

Options:
${(Object.keys(defaultPorts) as PortName[])
  .map(
    (name) =>
      `  ${`${portFlag(name)} <port>`.padEnd(38)} default ${defaultPorts[name]}, or ${portEnv(name)}`,
  )
  .join('\n')}
  --only <a,b>                          up: only these components and what they need
                                        (${components.map((c) => c.name).join(', ')})
  -h, --help

Environment: INOPSIO_CACHE_DIR (downloads and builds), INOPSIO_STATE_DIR (data, logs,
credentials), INOPSIO_JAVA_HOME (a JDK 21+ for Keycloak and Kafka).`;

function parseOnly(only: string | undefined): ComponentName[] | undefined {
  if (!only) return undefined;
  const known = components.map((c) => c.name);
  return only.split(',').map((name) => {
    const found = known.find((k) => k === name.trim());
    if (!found) throw new Error(`--only: unknown component '${name}'; known: ${known.join(', ')}`);
    return found;
  });
}

function printUp(result: UpResult): void {
  const { endpoints: e } = result;
  const times = Object.entries(result.startTimes)
    .map(([name, seconds]) => `${name} ${seconds.toFixed(1)}s`)
    .join(', ');
  console.log(`
The local platform is up (${formatDuration(result.totalMs)}${times ? `; ${times}` : ''}${
    result.reused.length ? `; reused ${result.reused.length} running` : ''
  }).

  Kubernetes API   ${e.kubernetes.server}   KUBECONFIG=${e.kubernetes.kubeconfig}
  etcd             ${e.etcd.url}
  PostgreSQL 15    ${e.postgres.host}:${e.postgres.port} (user ${e.postgres.user})
  Keycloak         ${e.keycloak.url}   (admin console user ${e.keycloak.adminUser})
  OpenBao          ${e.openbao.address}   (Vault API)
  Kafka            ${e.kafka.brokers.join(',')}

Credentials and endpoints: ${e.stateDir}/endpoints.json (readable by you only)
Use them in a shell:  eval "$(npm run --silent local -- env)"; kubectl get namespaces
Logs: ${e.stateDir}/logs    Status: npm run local -- status    Stop: npm run down`);
}

async function main(argv: string[]): Promise<number> {
  const portOptions = Object.fromEntries(
    (Object.keys(defaultPorts) as PortName[]).map((name) => [
      portFlag(name).slice(2),
      { type: 'string' as const },
    ]),
  );
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...portOptions, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return command || values.help ? 0 : 2;
  }
  if (rest.length > 0) throw new Error(`unexpected arguments: ${rest.join(' ')}\n\n${usage}`);
  const flags = Object.fromEntries(
    (Object.keys(defaultPorts) as PortName[]).map((name) => [
      name,
      (values as Record<string, string | undefined>)[portFlag(name).slice(2)],
    ]),
  );
  const settings = resolveSettings(process.env, flags);

  switch (command) {
    case 'up': {
      stopOnInterrupt(settings, consoleReport);
      printUp(await up(settings, consoleReport, parseOnly(values.only)));
      return 0;
    }
    case 'down': {
      const stopped = await down(settings, consoleReport);
      console.log(stopped.length ? `Stopped ${stopped.join(', ')}.` : 'Nothing was running.');
      return 0;
    }
    case 'status': {
      const rows = await status(settings, consoleReport);
      for (const { component, health, ports } of rows) {
        const detail =
          health.state === 'stopped'
            ? ''
            : `pid ${health.record.pid}, up since ${health.record.startedAt}` +
              (health.state === 'unhealthy' ? `: ${health.reason}` : '');
        console.log(
          `${component.padEnd(24)} ${health.state.padEnd(10)} ports ${ports.join(',').padEnd(12)} ${detail}`,
        );
      }
      return rows.every((row) => row.health.state === 'healthy') ? 0 : 1;
    }
    case 'env': {
      const file = endpointsFile();
      process.stdout.write(shellEnv(readEndpoints(file), file));
      return 0;
    }
    default:
      throw new Error(`unknown command '${command}'\n\n${usage}`);
  }
}

function describe(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
  return messages.join('\n  caused by: ');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${describe(error)}`);
    process.exit(1);
  },
);
