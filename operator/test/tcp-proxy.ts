import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from '@inopsio/platform/local';

/**
 * A loopback TCP relay in front of a real server, for outage tests: `cut()` closes it and
 * every connection through it, as a network failure would; `restore()` opens it again on the
 * same port. The server behind it is never touched (other tests use it).
 */
export interface TcpProxy {
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function tcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port, protocol } = new URL(target);
  const listenPort = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(Number(port), hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => resolve());
    });
  const cut = async () => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => (closing ? closing.close(resolve) : resolve(undefined)));
  };
  await open();
  return {
    url: `${protocol}//127.0.0.1:${listenPort}`,
    cut,
    restore: open,
    close: cut,
  };
}
