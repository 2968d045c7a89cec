/**
 * One origin serves one mini program: pages of one origin can script each other
 * (`parent.frames[n].wx`), so two apps there would act as each other. `host.connect` refuses a
 * transport whose origin already serves another app; the same app may connect again.
 */
import { createHost, createWebViewTransport, type Transport } from '@wxbridge/host';

const transportAt = (...origins: string[]): Transport => ({ send() {}, listen: () => () => {}, origins });

test('host.connect refuses a second app on an origin that already serves one, naming both and the fix', () => {
  const host = createHost();
  host.connect(transportAt('https://shop.apps.example'), { appId: 'wx-shop' });
  expect(() => host.connect(transportAt('https://other.apps.example', 'https://shop.apps.example'), { appId: 'wx-game' })).toThrow(
    'host.connect: https://shop.apps.example already serves mini program wx-shop; one origin serves one mini program, so serve wx-game from its own origin (e.g. https://wx-game.apps.example)',
  );
  expect([...host.connections].map((c) => c.app.appId)).toEqual(['wx-shop']);
  host.dispose();
});

test('the same app may open several connections on its origin; a disposed connection frees the origin', () => {
  const host = createHost();
  const first = host.connect(transportAt('https://shop.apps.example'), { appId: 'wx-shop' });
  host.connect(transportAt('https://shop.apps.example'), { appId: 'wx-shop' });
  host.connect(transportAt('https://game.apps.example'), { appId: 'wx-game' });
  expect(host.connections.size).toBe(3);
  for (const connection of [...host.connections]) if (connection.app.appId === 'wx-shop') connection.dispose();
  expect(first.connected).toBe(false);
  expect(() => host.connect(transportAt('https://shop.apps.example'), { appId: 'wx-new-owner' })).not.toThrow();
  host.dispose();
});

test('the webview transport names its allowed origins, so the rule holds for native webviews too', () => {
  const host = createHost();
  const webview = () => createWebViewTransport({ postMessage: () => {}, allowedOrigins: ['https://mp.example.com'] });
  expect(webview().origins).toEqual(['https://mp.example.com']);
  host.connect(webview(), { appId: 'wx-one' });
  expect(() => host.connect(webview(), { appId: 'wx-two' })).toThrow('https://mp.example.com already serves mini program wx-one');
  host.dispose();
});

test('a transport that does not know its origin (a MessagePort) is not limited', () => {
  const host = createHost();
  const port: Transport = { send() {}, listen: () => () => {} };
  host.connect(port, { appId: 'wx-a' });
  expect(() => host.connect(port, { appId: 'wx-b' })).not.toThrow();
  host.dispose();
});
