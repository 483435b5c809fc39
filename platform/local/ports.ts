import { createServer } from 'node:net';
import { type PortName, portEnv, portFlag } from './settings.ts';

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/** Fails naming the first busy port, its component and the flag that moves it. */
export async function assertPortsFree(ports: [PortName, number][]): Promise<void> {
  for (const [name, port] of ports) {
    if (!(await isFree(port))) {
      throw new PortInUseError(
        `port ${port} on 127.0.0.1 (${name}) is in use by another program: stop that program, ` +
          `or pick another port with ${portFlag(name)} <port> (or ${portEnv(name)}=<port>)`,
      );
    }
  }
}

/** A port on 127.0.0.1 that the kernel says is free now (for tests and benchmarks). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
