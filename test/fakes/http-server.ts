import { getRequestListener } from "@hono/node-server";
import { createServer } from "node:http";

export interface LoopbackServerOptions {
  /** 0 (the default) lets the OS pick a free port, so parallel test files never collide. */
  port?: number;
  host?: string;
}

export interface LoopbackServer {
  /** Origin without a trailing slash, e.g. "http://127.0.0.1:54321". */
  url: string;
  close(): Promise<void>;
}

type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Serves a fetch handler (a Hono app's `fetch`) with node:http and resolves once it listens. */
export async function serveOnLoopback(
  fetchHandler: FetchHandler,
  { port = 0, host = "127.0.0.1" }: LoopbackServerOptions = {},
): Promise<LoopbackServer> {
  // Leave the global Request/Response alone: the fakes also run inside vite's and vitest's
  // processes, where swapping globals could surprise other code.
  const server = createServer(getRequestListener(fetchHandler, { overrideGlobalObjects: false }));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server is not listening on TCP");
  const hostInUrl = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${hostInUrl}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from fetch clients would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
