// A third frame from another origin: posts forged envelopes at the host and at the mini program,
// guessing request ids 1 to 16, every 20 ms; `__rounds` counts its rounds for the test.
const forge = (id: number) => ({ wxbridge: 1, kind: 'request', id, api: 'login', params: {} });
const hello = { wxbridge: 1, kind: 'hello', protocol: 1, sdk: 'evil', session: 'evil-session' };
const response = (id: number) => ({ wxbridge: 1, kind: 'response', id, ok: true, result: { errMsg: 'login:ok', code: 'forged' } });
const w = window as unknown as { __rounds: number };
w.__rounds = 0;
setInterval(() => {
  parent.postMessage(hello, '*');
  for (let id = 1; id <= 16; id++) {
    parent.postMessage(forge(id), '*');
    for (let i = 0; i < parent.frames.length; i++) parent.frames[i]!.postMessage(response(id), '*');
  }
  w.__rounds++;
}, 20);
