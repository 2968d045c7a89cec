// `npm start`: a superapp host and a mini program talking over a MessageChannel, printing every call.
import { serveMiniProgram } from './host.mjs';
import { runMiniProgram } from './guest.mjs';

const { port1, port2 } = new MessageChannel();
const host = serveMiniProgram(port1);
host.on('call', ({ connection, api, params }) => console.log(`host: ${connection.app.appId} calls ${api}(${JSON.stringify(params)})`));
host.on('result', ({ result, durationMs }) => console.log(`host: answers ${JSON.stringify(result)} in ${durationMs.toFixed(2)} ms`));

const { code, appId, dispose } = await runMiniProgram(port2);
console.log(`mini program: I am ${appId}; my login code is ${code}`);

setTimeout(() => {
  dispose();
  host.dispose();
  port1.close();
}, 50);
