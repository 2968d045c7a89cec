// The mini program folder's file rule as a pure function, under both platforms' path semantics:
// what a URL path may name is decided after decoding, the same on Linux, macOS and Windows.
import { posix, win32 } from 'node:path';
import { miniProgramFilePath, type PathApi } from '../src/mini-program-folder';

describe.each([
  ['posix', posix, '/srv/mp'],
  ['win32', win32, 'C:\\srv\\mp'],
] as Array<[string, PathApi, string]>)('under path.%s', (_name, paths, dir) => {
  test('the folder’s own files are served, nested ones too', () => {
    expect(miniProgramFilePath(dir, '/app.js', paths)).toBe(paths.resolve(dir, 'app.js'));
    expect(miniProgramFilePath(dir, '/images/logo.png', paths)).toBe(paths.resolve(dir, 'images', 'logo.png'));
    expect(miniProgramFilePath(dir, '/a%20b.txt', paths)).toBe(paths.resolve(dir, 'a b.txt'));
  });

  test.each([
    '/x%5C..%5C.env', // `\` separates on Windows: x\..\.env is .env
    '/%5C.env',
    '/x%5C.git%5Cconfig',
    '/a%5Cb.txt', // a backslash anywhere, even where it would only be a name on Linux
    '/..%5C..%5Csecret.txt',
    '/app.js%3A%3A%24DATA', // `:` names an NTFS stream (or a drive) on Windows
    '/C%3A%5CWindows%5Cwin.ini',
    '/.env',
    '/%2eenv',
    '/.git/config',
    '/img/.hidden/a.png',
    '/..%2f..%2fsecret.txt',
    '/%00',
    '/%E0%A4%A',
  ])('refuses %s: no backslash, colon or hidden segment after decoding', (urlPath) => {
    expect(miniProgramFilePath(dir, urlPath, paths)).toBeUndefined();
  });
});
