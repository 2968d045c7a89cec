// A mini program page in a React Native WebView, played in Chromium: `window.ReactNativeWebView`
// hands the guest's text to the host (as the app's onMessage would: the main frame, the page's URL),
// and the host answers with the WebView's postMessage, which arrives as a `message` event that no
// window sent (a null `source`). The host's payment sheet stays open until the test closes it.
import { connectGuest, createNativeTransport } from '@wxbridge/guest';
import { createHost, createWebViewTransport, wxCancel } from '@wxbridge/host';

interface PageFace {
  ReactNativeWebView: { postMessage(text: string): void };
  /** Whether the handshake completed. */
  ready: Promise<unknown>;
  /** Starts a payment; its outcome (the `complete` result) lands in `paid`. */
  pay(): void;
  paid?: { errMsg: string };
  /** The user closes the payment sheet without paying. */
  cancelSheet(): void;
  /** String message events with a null source that the host did not send: what the old guest believed. */
  forgedNullSource: number;
}
const page = window as unknown as Window & PageFace;

const sentByHost = new Set<string>();
const transport = createWebViewTransport({
  allowedOrigins: [location.origin],
  postMessage: (text) => {
    sentByHost.add(text);
    setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data: text })), 0);
  },
});
page.ReactNativeWebView = {
  postMessage: (text) => setTimeout(() => transport.receive({ data: text, url: location.href, isTopFrame: true }), 0),
};

page.forgedNullSource = 0;
window.addEventListener('message', (event) => {
  if (typeof event.data === 'string' && event.source === null && !sentByHost.has(event.data)) page.forgedNullSource++;
});

let closeSheet: (result: ReturnType<typeof wxCancel>) => void = () => {};
const host = createHost();
host.handle('requestPayment', () => new Promise((resolve) => (closeSheet = resolve)));
host.connect(transport, { appId: 'wx-shop' });

const bridge = connectGuest({ transport: createNativeTransport(), tapTarget: null });
page.ready = bridge.ready;
page.pay = () =>
  bridge.wx.requestPayment({
    timeStamp: '1',
    nonceStr: 'n',
    package: 'prepay_id=1',
    signType: 'RSA',
    paySign: 's',
    complete: (result) => (page.paid = result),
  });
page.cancelSheet = () => closeSheet(wxCancel());
