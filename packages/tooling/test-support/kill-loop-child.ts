/**
 * The kill loop's victim: writes decisions through DecisionStore and SessionService over a
 * FileStore folder, one after another, and prints `ack <n> <code>` once each is stored. The
 * parent kills it with SIGKILL at a random moment (kill-loop.ts), bundled to CommonJS.
 *
 * usage: node kill-loop-child.cjs <folder> <first n>
 */
import { FileStore } from '@wxbridge/host/node';
import { decision, services, write } from './kill-loop-decisions';

async function main(): Promise<void> {
  const [folder, first] = process.argv.slice(2);
  const all = services(new FileStore(folder!));
  process.stdout.write('ready\n');
  for (let n = Number(first); ; n++) {
    const code = await write(decision(n), all);
    process.stdout.write(`ack ${n} ${code}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(String((error as Error)?.stack ?? error) + '\n');
  process.exit(1);
});
