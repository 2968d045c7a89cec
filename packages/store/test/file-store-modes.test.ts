/**
 * Issue 13, item 2: a FileStore keeps its folder and files to their owner. Real files, written by
 * real child processes running under umask 000, so that every mode seen is FileStore's own doing.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useFileStoreBundle } from './file-store-bundle';

const FIXTURE = path.join(__dirname, 'fixtures', 'file-store-private.cjs');
const MAX_KILL_CYCLES = 60;

const folders = new Set<string>();
const kills = new Set<() => void>();

function tempFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-file-modes-'));
  folders.add(folder);
  return folder;
}

afterEach(() => {
  for (const kill of kills) kill();
  kills.clear();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true, maxRetries: 5 });
  folders.clear();
});

const bundle = useFileStoreBundle();

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the fixture; with `killAfterAcks`, kills it with SIGKILL a random moment after that many acks. */
function run(folder: string, count: number, killAfterAcks?: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [FIXTURE, bundle(), folder, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    kills.add(() => child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    let armed = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (killAfterAcks !== undefined && !armed && stdout.split('\n').length > killAfterAcks) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 4);
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
const octal = (mode: number) => '0' + mode.toString(8);

test('a new FileStore folder is 0700 and every file in it 0600, temporary ones too, even under umask 000', async () => {
  const folder = path.join(tempFolder(), 'store');
  // Writers killed mid-write until one leaves a temporary file behind, so that its mode is seen too.
  let leftovers: string[] = [];
  for (let cycle = 0; cycle < MAX_KILL_CYCLES && leftovers.length === 0; cycle++) {
    await run(folder, 0, 1 + (cycle % 3));
    leftovers = fs.readdirSync(folder).filter((name) => name.endsWith('.tmp'));
  }
  const names = fs.readdirSync(folder);
  const modes = Object.fromEntries([['<folder>', octal(modeOf(folder))], ...names.map((name) => [name, octal(modeOf(path.join(folder, name)))])]);
  expect(leftovers.length).toBeGreaterThan(0);
  expect(names.length).toBeGreaterThan(leftovers.length);
  expect(modes).toEqual(Object.fromEntries([['<folder>', '0700'], ...names.map((name) => [name, '0600'])]));
}, 60_000);

test('an existing folder open to other users is tightened to 0700, with a warning that names it', async () => {
  const folder = path.join(tempFolder(), 'shared');
  fs.mkdirSync(folder);
  fs.chmodSync(folder, 0o755);
  const result = await run(folder, 2);
  expect(result.status).toBe(0);
  expect(octal(modeOf(folder))).toBe('0700');
  expect(result.stderr).toContain(`FileStore: ${folder} was open to other users (mode 0755)`);
  expect(result.stderr).toContain('now 0700');
  // A folder already private is used without a word.
  const again = await run(folder, 1);
  expect(again).toMatchObject({ status: 0, stderr: '' });
}, 30_000);

test('a folder owned by another user, or a file in its place, is refused with an error naming it', async () => {
  // Only root can give a folder away; as anyone else, only the second half runs.
  if (process.getuid?.() === 0) {
    const foreign = path.join(tempFolder(), 'foreign');
    fs.mkdirSync(foreign, { mode: 0o700 });
    fs.chownSync(foreign, 65534, 65534);
    const refused = await run(foreign, 1);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`FileStore: ${foreign} belongs to another user (uid 65534`);
    expect(fs.readdirSync(foreign)).toEqual([]); // nothing was written there
  }

  const notFolder = path.join(tempFolder(), 'file');
  fs.writeFileSync(notFolder, '');
  const refusedFile = await run(notFolder, 1);
  expect(refusedFile.status).toBe(1);
  expect(refusedFile.stderr).toContain(notFolder);
}, 30_000);
