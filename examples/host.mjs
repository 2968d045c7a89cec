import { createHost, createPortTransport, wxFail } from '@wxbridge/host';

export function serveMiniProgram(port) {
  const host = createHost({ name: 'my-superapp', version: '1.0.0' });
  host.handle('login', async (params, ctx) => ({ code: `code-for-${ctx.app.appId}`, expiresIn: 300 }));
  host.handle('checkSession', () => wxFail('session time out, need relogin'));
  host.connect(createPortTransport(port), { appId: 'wx1234567890', envVersion: 'release', version: '1.0.0' });
  return host;
}
