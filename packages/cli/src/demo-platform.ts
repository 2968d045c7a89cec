/**
 * The open-platform side of `wxbridge dev`: the server (`@wxbridge/server`) over a FileStore in
 * the data folder, with the demo's apps registered under secrets made up per run and the mock's
 * templates; the superapp origin's endpoints the page's host reaches that store through; and each
 * mini program's developer backend, given the server's URL and its app's secret.
 */
import { randomBytes } from 'node:crypto';
import { FileStore } from '@wxbridge/store/node';
import { startBackend, type Backend } from './backend-process';
import { openDataFolder } from './data-folder';
import { DEMO_SERVER_TEMPLATES } from './demo-templates';
import { platformEndpoints } from './platform-endpoints';
import { listenPlatform, reportInternalError, type PlatformListener } from './platform-listener';
import type { PagePlatform } from './platform-wire';
import type { ApiRoute } from './site-server';
import { probeStore } from './store-spec';

/** The superapp's signed-in user in the demo: whose codes, acceptances and inbox these are. */
export const DEMO_USER = 'demo-user';

export interface DemoPlatformOptions {
  /** The data folder (`--data`). */
  data: string;
  /** The address to listen on, and the server's port (0: a free one). */
  bind: string;
  port: number;
  appIds: readonly string[];
  /** Where the server's internal errors and the backends' output go. */
  log(line: string): void;
}

export interface DemoPlatform {
  server: PlatformListener;
  /** The data folder, absolute. */
  data: string;
  page: PagePlatform;
  /** The superapp origin's endpoints, for its site. */
  endpoints(origin: () => string): ApiRoute;
  /** Runs a mini program's backend against the server. */
  startBackend(options: { file: string; appId: string; allowedOrigin: string; port: number }): Promise<Backend>;
  close(): Promise<void>;
}

export async function startDemoPlatform(options: DemoPlatformOptions): Promise<DemoPlatform> {
  const folder = openDataFolder(options.data);
  const store = new FileStore(folder.storeDir);
  await probeStore(store); // the folder is usable, or the demo does not start
  const appSecrets = new Map(options.appIds.map((appId) => [appId, randomBytes(24).toString('base64url')]));
  const server = await listenPlatform(
    {
      store,
      secret: folder.secret,
      apps: options.appIds.map((appId) => ({ appId, secret: appSecrets.get(appId)!, templates: DEMO_SERVER_TEMPLATES })),
      onError: reportInternalError(options.log, 'wxbridge dev: the open-platform server'),
    },
    { port: options.port, host: options.bind },
  );
  const backends: Backend[] = [];
  const page: PagePlatform = { token: randomBytes(24).toString('base64url'), secret: folder.secret, user: DEMO_USER, server: server.url };
  return {
    server,
    data: folder.dir,
    page,
    endpoints: (origin) => platformEndpoints({ store, token: page.token, user: DEMO_USER, origin }),
    async startBackend({ file, appId, allowedOrigin, port }) {
      const backend = await startBackend({
        file,
        appId,
        appSecret: appSecrets.get(appId)!,
        serverUrl: server.url,
        allowedOrigin,
        host: options.bind,
        port,
        log: options.log,
      });
      backends.push(backend);
      return backend;
    },
    async close() {
      await Promise.all([...backends.map((backend) => backend.stop()), server.close()]);
    },
  };
}
