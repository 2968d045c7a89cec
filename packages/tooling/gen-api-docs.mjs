// Generates docs/api.md from the API catalogue (packages/protocol/src/catalogue/catalogue.ts).
//
//   node packages/tooling/gen-api-docs.mjs           write docs/api.md
//   node packages/tooling/gen-api-docs.mjs --check   exit 1 if docs/api.md is not what it would write
//
// The catalogue is bundled from source with esbuild (in memory), so no prior
// `npm run build` is needed. `renderApiDocs(catalogue)` is pure and
// synchronous; `generateApiDocs()` loads the catalogue and renders it.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const API_DOCS_PATH = join(root, 'docs', 'api.md');
const CATALOGUE_SOURCE = 'packages/protocol/src/catalogue/catalogue.ts';

/** Bundles @wxbridge/protocol from source, dependencies included, and imports it from memory (no files written). */
export async function loadProtocol() {
  const result = await build({
    entryPoints: [join(root, 'packages', 'protocol', 'src', 'index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  return import('data:text/javascript;base64,' + Buffer.from(code).toString('base64'));
}

/** Loads the catalogue and returns the text of docs/api.md. */
export async function generateApiDocs() {
  const protocol = await loadProtocol();
  return renderApiDocs(protocol.catalogue);
}

// ---------------------------------------------------------------------------
// Rendering

/** Puts HTML-like tags (`<button open-type="x">`) in code spans so Markdown shows them. */
function prose(text) {
  return String(text).replace(/<[^<>\n]+>/g, (tag) => '`' + tag + '`');
}

/** Text for a table cell: prose, with pipes escaped. */
function cell(text) {
  return prose(text).replace(/\|/g, '\\|');
}

function code(text) {
  return '`' + String(text).replace(/\|/g, '\\|') + '`';
}

function table(headers, rows) {
  const line = (cells) => '| ' + cells.join(' | ') + ' |';
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The TypeScript-style type of a spec, for the Type column. */
function typeOf(spec) {
  switch (spec.type) {
    case 'array':
      return typeOf(spec.items) + '[]';
    case 'object':
      if (spec.values && !spec.fields) return `Record<string, ${typeOf(spec.values)}>`;
      return 'object';
    default:
      return spec.type;
  }
}

function enumNote(spec) {
  return spec.enum ? 'one of ' + spec.enum.map((value) => code(value)).join(', ') : '';
}

function notesOf(spec) {
  const notes = [];
  if (spec.doc) notes.push(cell(spec.doc));
  if (spec.enum) notes.push(enumNote(spec));
  if (spec.type === 'array' && spec.items.enum) notes.push('each item ' + enumNote(spec.items));
  if (spec.type === 'object' && spec.fields && spec.values) notes.push(`any other key: ${code(typeOf(spec.values))}`);
  return notes.join('; ');
}

/** One row per field, nested object fields flattened as `parent.child`, array items as `parent[].child`. */
function fieldRows(fields, prefix = '') {
  const rows = [];
  for (const [name, spec] of Object.entries(fields ?? {})) {
    const path = prefix + name;
    const required = spec.required ? (spec.hostOptional ? 'typed yes; a host may omit it' : 'yes') : 'no';
    rows.push([code(path), code(typeOf(spec)), required, notesOf(spec)]);
    const inner = spec.type === 'array' ? spec.items : spec;
    const innerPrefix = spec.type === 'array' ? path + '[].' : path + '.';
    if (inner.type === 'object' && inner.fields) rows.push(...fieldRows(inner.fields, innerPrefix));
  }
  return rows;
}

function fieldTable(fields, requiredHeader, extraRows = []) {
  return table(['Name', 'Type', requiredHeader, 'Notes'], [...fieldRows(fields), ...extraRows]);
}

function hasFields(fields) {
  return !!fields && Object.keys(fields).length > 0;
}

function callForm(name, entry) {
  switch (entry.kind) {
    case 'async':
      return entry.params && Object.values(entry.params).some((spec) => spec.required)
        ? `wx.${name}(options)`
        : `wx.${name}(options?)`;
    case 'sync':
      return `wx.${name}(${Object.keys(entry.params ?? {}).join(', ')})`;
    case 'event':
      return entry.resolvable ? `wx.${name}((resolve, info) => …)` : `wx.${name}((info) => …)`;
    case 'openType':
      return `<button open-type="${name}">`;
    default:
      return name;
  }
}

function timeoutClass(entry) {
  const base = entry.interactive
    ? 'interactive (`interactiveTimeout`, default 0: no timeout)'
    : 'default (`timeout`, default 10 000 ms)';
  return entry.params && 'timeout' in entry.params ? base + '; a positive `timeout` parameter overrides it' : base;
}

function flagRows(name, entry) {
  const rows = [
    ['Kind', code(entry.kind)],
    ['Call', code(callForm(name, entry))],
  ];
  if (entry.kind === 'openType') rows.push(['Runtime call', code(`bridge.invokeOpenType('${name}', params?)`)]);
  rows.push(['Protocol version', String(entry.since)]);
  switch (entry.kind) {
    case 'event':
      rows.push(['Wire event name', code(entry.event)]);
      rows.push(['Listeners', entry.single ? 'one: registering replaces the previous listener' : 'any number']);
      rows.push(['Resolvable', entry.resolvable ? 'yes: the listener gets `resolve`, which answers the host' : 'no']);
      break;
    case 'sync':
      rows.push(['Answered', 'on the guest, from the handshake snapshot']);
      break;
    default:
      rows.push(['Tap required', entry.tap ? 'yes' : 'no']);
      rows.push(['Privacy-gated', entry.privacy ? 'yes' : 'no']);
      rows.push(['Timeout class', timeoutClass(entry)]);
      rows.push([
        'Button open-type',
        entry.kind === 'openType'
          ? 'yes (only as a button)'
          : entry.button
            ? `yes, also ${code(`<button open-type="${name}">`)}`
            : 'no',
      ]);
  }
  return rows;
}

function section(name, entry) {
  const out = [`## ${name}`, '', prose(entry.doc), '', table(['Property', 'Value'], flagRows(name, entry))];
  const params = entry.params;

  if (entry.kind === 'sync') {
    if (hasFields(params)) out.push('', '**Arguments** (positional, in this order)', '', fieldTable(params, 'Required'));
    const returns = entry.returns;
    if (returns?.type === 'object' && returns.fields) {
      out.push('', `**Returns** ${code(typeOf(returns))}`, '', fieldTable(returns.fields, 'Always present'));
    } else if (returns) {
      out.push('', `**Returns** ${code(typeOf(returns))}`);
    }
    return out.join('\n');
  }

  if (entry.kind === 'event') {
    if (hasFields(entry.success)) out.push('', '**Listener info**', '', fieldTable(entry.success, 'Always present'));
    return out.join('\n');
  }

  if (entry.kind === 'async') {
    out.push('', '**Parameters**', '');
    out.push(hasFields(params) ? fieldTable(params, 'Required') : 'None besides `success`, `fail` and `complete`.');
  }

  const successTitle = entry.kind === 'openType' ? '**Event detail on success**' : '**Success result**';
  const extra = entry.successValues
    ? [[code('[key]'), code(typeOf(entry.successValues)), 'no', notesOf(entry.successValues)]]
    : [];
  out.push('', successTitle + ` (besides ${code('errMsg')}: ${code(`${name}:ok`)})`, '');
  out.push(hasFields(entry.success) || extra.length ? fieldTable(entry.success, 'Always present', extra) : 'No other fields.');

  out.push('', `**Fail result** (besides ${code('errMsg')}: ${code(`${name}:fail <reason>`)}; ${code('errno')} and ${code('errCode')} when the failure sets them)`, '');
  out.push(hasFields(entry.fail) ? fieldTable(entry.fail, 'Always present') : 'No other fields.');
  return out.join('\n');
}

const LEGEND = `## Reading this reference

- **Kind**: \`async\` is a call with \`success\`/\`fail\`/\`complete\` or a Promise, answered by the host; \`sync\` is answered on the guest from the handshake snapshot and throws on error; \`event\` is \`wx.onX(listener)\`, emitted by the host; \`openType\` is a \`<button open-type="X">\` capability that the runtime invokes on a tap (\`bridge.invokeOpenType\`).
- **Protocol version**: the protocol version the API appeared in.
- **Tap required**: the platform allows the call only inside a user tap. The guest sends \`tap: true\` with a call made inside a tap and uses the tap up; the host hands the flag to the handler as \`ctx.tap\`. The guest refuses such a call made outside a tap before sending it, and the host refuses a call without that mark before the handler runs: \`<api>:fail can only be invoked by user TAP gesture.\`
- **Privacy-gated**: the platform requires the user's agreement to the privacy guideline first. With the host's \`privacy\` option on, the call waits until the user agrees and fails with \`<api>:fail privacy permission is not authorized\` (errno 104) on refusal; see docs/scopes-and-consent.md.
- **Timeout class**: how long the guest waits before failing the call with \`<api>:fail time out\` (errno 5): \`timeout\` (default 10 000 ms) or, for interactive APIs, \`interactiveTimeout\` (default 0, no timeout). Both are \`connectGuest\` options.
- **Button open-type**: also available as \`<button open-type="<name>">\` (\`canIUse('button.open-type.<name>')\`).
- **Parameters**: the host checks every listed parameter that is present (type, and the value for enums) and every **required** one, and fails the call with \`<api>:fail parameter error: …\` (errno 1001) before the handler runs. Parameters not listed are passed to the handler unchecked.
- **Always present** (results): the field is in every such result. Results are not checked: the handler is trusted to return these fields. "Typed yes; a host may omit it": the mini program's types show the field as present, as the platform typings do, but the platform returns it only sometimes.
- Nested fields are written \`parent.child\` (array items: \`parent[].child\`); their Required / Always present column applies when the parent is present. \`[key]\` stands for any other key.`;

/** The text of docs/api.md for a catalogue. */
export function renderApiDocs(catalogue) {
  const names = Object.keys(catalogue);
  const index = table(
    ['API', 'Kind', 'Description'],
    names.map((name) => [`[${code(name)}](#${name.toLowerCase()})`, code(catalogue[name].kind), cell(catalogue[name].doc)]),
  );
  const parts = [
    '# API reference',
    '',
    `<!-- Generated by packages/tooling/gen-api-docs.mjs from ${CATALOGUE_SOURCE}. Do not edit; run \`npm run docs:api\`. -->`,
    '',
    `Every API wxbridge knows, generated from the catalogue (\`${CATALOGUE_SOURCE}\`). Run \`npm run docs:api\` after changing it.`,
    '',
    index,
    '',
    LEGEND,
    ...names.map((name) => '\n' + section(name, catalogue[name])),
    '',
  ];
  return parts.join('\n');
}

// ---------------------------------------------------------------------------
// Command line

async function main(args) {
  const text = await generateApiDocs();
  const shown = relative(process.cwd(), API_DOCS_PATH) || API_DOCS_PATH;
  if (args.includes('--check')) {
    const current = existsSync(API_DOCS_PATH) ? readFileSync(API_DOCS_PATH, 'utf8').replace(/\r\n/g, '\n') : undefined;
    if (current === text) {
      console.log(`${shown} is up to date`);
      return 0;
    }
    console.error(
      current === undefined
        ? `${shown} does not exist; run \`npm run docs:api\``
        : `${shown} is out of date with ${CATALOGUE_SOURCE}; run \`npm run docs:api\``,
    );
    return 1;
  }
  mkdirSync(dirname(API_DOCS_PATH), { recursive: true });
  writeFileSync(API_DOCS_PATH, text);
  console.log(`wrote ${shown}`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
