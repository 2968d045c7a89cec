// The string bridge, as React Native, Android and iOS web views carry it: JSON text both ways. The
// guest's native transport (createNativeTransport, the React Native bridge: it posts text to
// `ReactNativeWebView.postMessage` and is answered through its `__wxbridge_receive__`, with the
// session key) and the host's webview transport (createWebViewTransport, fed `onMessage` events,
// answering with the WebView's postMessage), with batching and without, against raw JSON text
// request/reply. The texts cross a MessageChannel, so each hop is a real asynchronous message.
// Latency (one call at a time) and throughput (1, 100, 1 000 in flight). Prints one JSON object.
//
//   node packages/tooling/bench/string-suite.mjs [--quick]
import { connectGuest, createNativeTransport } from '@wxbridge/guest';
import { createHost, createWebViewTransport } from '@wxbridge/host';
import { CONTENDERS, closeAll } from './node-contenders.mjs';
import { latencyAndThroughput, round3 } from './stats.mjs';
import { PARAMS, handlerResultOf } from './workload.mjs';

const quick = process.argv.includes('--quick');
const ORIGIN = 'https://mp.example.com';

/** The page of a React Native WebView and the app around it, one channel of texts between them. */
async function webViewPair(maxBatch) {
  const { port1, port2 } = new MessageChannel();
  const host = createHost({ maxBatch });
  host.handle('login', () => handlerResultOf(0));
  const transport = createWebViewTransport({ allowedOrigins: [ORIGIN], postMessage: (text) => port1.postMessage(text) });
  port1.onmessage = ({ data }) => transport.receive({ data, url: `${ORIGIN}/index.html`, isTopFrame: true });
  const connection = host.connect(transport, { appId: 'wx-bench' });
  const page = { ReactNativeWebView: { postMessage: (text) => port2.postMessage(text) } };
  const bridge = connectGuest({ transport: createNativeTransport({ global: page }), tapTarget: null });
  port2.onmessage = ({ data }) => page.__wxbridge_receive__(data);
  await bridge.ready;
  return {
    call: () => bridge.wx.login(PARAMS),
    close: () => (bridge.dispose(), connection.dispose(), port1.close(), port2.close()),
  };
}

const OPEN = {
  'raw (JSON text)': () => CONTENDERS['raw (JSON text)'](0),
  wxbridge: () => webViewPair(64),
  'wxbridge, batching off': () => webViewPair(1),
};

const started = performance.now();
const pairs = {};
for (const [name, open] of Object.entries(OPEN)) pairs[name] = await open();
const calls = Object.fromEntries(Object.entries(pairs).map(([name, pair]) => [name, pair.call]));
const result = await latencyAndThroughput(calls, { baseline: 'raw (JSON text)', levels: [1, 100, 1000], quick });
closeAll(pairs);
result.seconds = round3((performance.now() - started) / 1000);
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
