import { createHost, MemoryStore, SessionService } from '@wxbridge/host';

export function createSuperappHost({ ui, currentUser, store = new MemoryStore() }) {
  const host = createHost({
    name: 'my-superapp',
    version: '1.0.0',
    store, // where users' decisions are kept (FileStore from '@wxbridge/host/node', or your database)
    user: () => currentUser(), // decisions are kept per signed-in user and mini program
    prompts: {
      authorize: ({ description }) => ui.confirm(`Allow this mini program to use ${description}?`),
      settings: ({ authSetting }) => ui.settingsPage(authSetting),
      userProfile: ({ desc }) => ui.confirm(`Share your nickname and avatar? (${desc})`),
      privacy: ({ contractName }) => ui.confirm(`Agree to "${contractName}"?`),
    },
    privacy: { contractName: 'My Superapp Privacy Guide' },
    apiVersion: { login: 'v2', checkSession: 'v2' }, // the built-in login standard
    sessions: new SessionService({ store, secret: 'replace-with-a-secret-from-your-config' }),
  });
  host.handle('getUserInfo', () => ({ userInfo: { nickName: 'Ada', avatarUrl: 'https://example.com/ada.png' } }));
  host.handle('getUserProfile', () => ({ nickName: 'Ada', avatarUrl: 'https://example.com/ada.png', gender: 2 }));
  return host;
}
