// The global `wx` typed as wxbridge's own `Wx` (packages/guest/src/index.ts).
declare const wx: import('../../src').Wx;
