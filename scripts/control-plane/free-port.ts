import { createServer, type Server } from 'node:net';

function listenOnFreePort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolveListen, rejectListen) => {
    const server = createServer();
    server.unref();
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address && typeof address === 'object') resolveListen({ server, port: address.port });
      else rejectListen(new Error('no port assigned'));
    });
  });
}

/**
 * Asks the kernel for distinct free ports on 127.0.0.1 (the only address the control plane
 * listens on). Each is held until all are chosen, so none is handed out twice.
 */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  const held: { server: Server; port: number }[] = [];
  try {
    for (let i = 0; i < count; i += 1) held.push(await listenOnFreePort());
    return held.map(({ port }) => port);
  } finally {
    await Promise.all(held.map(({ server }) => new Promise((closed) => server.close(closed))));
  }
}
