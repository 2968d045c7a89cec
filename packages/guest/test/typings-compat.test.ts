/**
 * Type-level compatibility with `miniprogram-api-typings`: a mini program
 * written against the official typings (test/types/mini-program.ts, global
 * `wx` only) must compile against our `Wx` type too, and our result types
 * must line up with theirs (test/types/result-compat.ts).
 *
 * Compiles with the TypeScript compiler API; `@wxbridge/*` is mapped to the
 * package sources, so no build is needed.
 */
import path from 'node:path';
import fs from 'node:fs';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const TYPES = path.join(__dirname, 'types');
const SAMPLE = path.join(TYPES, 'mini-program.ts');
const RESULT_COMPAT = path.join(TYPES, 'result-compat.ts');
const THEIR_WX = path.join(TYPES, 'wx-typings.d.ts');
const OUR_WX = path.join(TYPES, 'wx-ours.d.ts');

const parsed = ts.convertCompilerOptionsFromJson(
  {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'bundler',
    lib: ['ES2022', 'DOM'],
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    paths: { '@wxbridge/*': ['./packages/*/src/index.ts'] },
  },
  ROOT,
);
const options = parsed.options;

// One host for every program, caching parsed files (lib.dom.d.ts and the
// typings are large), plus in-memory files for the deliberately broken copies.
const virtualFiles = new Map<string, string>();
const baseHost = ts.createCompilerHost(options, true);
const parsedFiles = new Map<string, ts.SourceFile>();
const host: ts.CompilerHost = {
  ...baseHost,
  fileExists: (fileName) => virtualFiles.has(fileName) || baseHost.fileExists(fileName),
  readFile: (fileName) => virtualFiles.get(fileName) ?? baseHost.readFile(fileName),
  getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) {
    const text = virtualFiles.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersionOrOptions, true);
    const format = typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions.impliedNodeFormat : undefined;
    const key = `${fileName}|${format}`;
    let file = parsedFiles.get(key);
    if (!file) {
      file = baseHost.getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
      if (file) parsedFiles.set(key, file);
    }
    return file;
  },
};

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (fileName) => fileName,
  getCurrentDirectory: () => ROOT,
  getNewLine: () => '\n',
};

function diagnosticsOf(rootNames: string[]): readonly ts.Diagnostic[] {
  const program = ts.createProgram({ rootNames, options, host });
  return ts.getPreEmitDiagnostics(program);
}

/** Fails with the diagnostics formatted the way `tsc` prints them. */
function expectClean(diagnostics: readonly ts.Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  const text = ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost);
  throw new Error(`expected no TypeScript diagnostics, got ${diagnostics.length}:\n\n${text}`);
}

function messagesOf(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Compiles a modified copy of the sample, next to the original so relative paths hold. */
function diagnosticsOfCopy(wx: string, name: string, text: string): readonly ts.Diagnostic[] {
  const fileName = path.join(TYPES, name);
  virtualFiles.set(fileName, text);
  try {
    return diagnosticsOf([wx, fileName]);
  } finally {
    virtualFiles.delete(fileName);
  }
}

const sampleText = fs.readFileSync(SAMPLE, 'utf8');

jest.setTimeout(20_000);

describe('compatibility with miniprogram-api-typings', () => {
  test('the compiler options are valid', () => {
    expectClean(parsed.errors);
  });

  test('the sample uses the global wx only, and every API both have', () => {
    expect(ts.preProcessFile(sampleText, true, true).importedFiles).toEqual([]);
    const apis = [
      'login',
      'checkSession',
      'getAccountInfoSync',
      'getUserProfile',
      'getUserInfo',
      'getSetting',
      'openSetting',
      'authorize',
      'checkIsSoterEnrolledInDevice',
      'checkIsSupportSoterAuthentication',
      'startSoterAuthentication',
      'requestSubscribeMessage',
      'getPrivacySetting',
      'requirePrivacyAuthorize',
      'onNeedPrivacyAuthorization',
      'requestPayment',
      'canIUse',
    ];
    expect(apis.filter((api) => !new RegExp(`\\bwx\\s*\\.${api}\\(`).test(sampleText))).toEqual([]);
  });

  test('the sample compiles against the typings, and our result types line up with theirs', () => {
    expectClean(diagnosticsOf([THEIR_WX, SAMPLE, RESULT_COMPAT]));
  });

  test('the sample compiles against our Wx type', () => {
    expectClean(diagnosticsOf([OUR_WX, SAMPLE]));
  });

  test('a broken copy of the sample does not compile against our Wx type', () => {
    const broken = sampleText.replaceAll('res.code', 'res.cod');
    expect(broken).not.toBe(sampleText);
    const diagnostics = diagnosticsOfCopy(OUR_WX, 'mini-program.broken.ts', broken);
    const messages = messagesOf(diagnostics);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages).toContainEqual(expect.stringContaining("Property 'cod' does not exist"));
  });

  test('where the seeds are stricter than the typings, ours reports it: requestPayment needs signType', () => {
    const withoutSignType = sampleText.replace("    signType: 'RSA',\n", '');
    expect(withoutSignType).not.toBe(sampleText);
    expectClean(diagnosticsOfCopy(THEIR_WX, 'mini-program.no-sign-type.ts', withoutSignType));
    const ours = diagnosticsOfCopy(OUR_WX, 'mini-program.no-sign-type.ts', withoutSignType);
    expect(messagesOf(ours).join('\n')).toContain('signType');
  });
});
