/**
 * `wxbridge dev`'s data folder (`.wxbridge/` by default, `--data <folder>`): the open-platform
 * server's FileStore (`store/`) and the demo's deployment secret (`deployment-secret`, mode 0600),
 * made once per folder so openids stay the same from run to run. The folder holds a `.gitignore`
 * of `*`, so it is never committed wherever it is.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkPrivateFile, MIN_SECRET_LENGTH } from './serve-secrets';

const SECRET_FILE = 'deployment-secret';
const STORE_FOLDER = 'store';

export interface DataFolder {
  /** The folder, absolute. */
  dir: string;
  /** Where the FileStore keeps its files. */
  storeDir: string;
  /** The deployment secret (openid HMACs, access tokens) of this folder. */
  secret: string;
}

/** Creates the secret file unless it exists (another run may be creating it: `wx` fails then). */
function writeSecretOnce(file: string): void {
  try {
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

export function openDataFolder(folder: string): DataFolder {
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# wxbridge dev data: codes, sessions, messages and a secret. Never commit it.\n*\n');
  const file = join(dir, SECRET_FILE);
  writeSecretOnce(file);
  checkPrivateFile(file, file, 'the deployment secret');
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`${file} holds no secret of at least ${MIN_SECRET_LENGTH} characters; delete it and a new one is made`);
  return { dir, storeDir: join(dir, STORE_FOLDER), secret };
}
