// The browser suite's contenders: one mini program iframe each. `startup` is a frame that only
// creates guests, for the handshake figure.
export const BROWSER_LIBRARIES = ['raw window.postMessage', 'raw MessagePort', 'wxbridge', 'comlink', 'penpal'];
export const FRAMES = [...BROWSER_LIBRARIES, 'startup'];
