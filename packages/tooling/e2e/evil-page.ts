// A third frame from another origin: posts forged envelopes at the host and at the mini program.
const forge = (id: number) => ({ wxbridge: 1, kind: 'request', id, api: 'login', params: {} });
const hello = { wxbridge: 1, kind: 'hello', protocol: 1, sdk: 'evil', session: 'evil-session' };
const response = { wxbridge: 1, kind: 'response', id: 1, ok: true, result: { errMsg: 'login:ok', code: 'forged' } };
setInterval(() => {
  parent.postMessage(hello, '*');
  parent.postMessage(forge(1), '*');
  for (let i = 0; i < parent.frames.length; i++) parent.frames[i]!.postMessage(response, '*');
}, 20);
