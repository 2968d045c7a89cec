/**
 * The host's calls, answers and integrator errors as they happen, newest first (the last 40);
 * with several mini programs, each line names the app the host bound the call to.
 */
import type { Connection, Host } from '@wxbridge/host';
import { el } from './dom';

const KEEP = 40;

export function mountCallLog(root: HTMLElement, host: Host, { showApp = false } = {}): void {
  const app = (connection: Connection | undefined) => (showApp && connection ? `[${connection.app.appId}] ` : '');
  const list = el('ol', { testid: 'call-log-list', class: 'log-list' });
  root.append(el('h2', { text: 'Calls' }), list);
  const add = (text: string, kind: 'call' | 'ok' | 'fail') => {
    list.prepend(el('li', { class: `log-${kind}`, text }));
    while (list.childElementCount > KEEP) list.lastElementChild!.remove();
  };
  host.on('call', ({ connection, api, params }) => add(`→ ${app(connection)}${api} ${JSON.stringify(params)}`, 'call'));
  host.on('result', ({ connection, ok, result, durationMs }) =>
    add(`← ${app(connection)}${result.errMsg} (${Math.round(durationMs)} ms)`, ok ? 'ok' : 'fail'),
  );
  host.on('error', ({ phase, connection, api, error }) => {
    console.error(`wxbridge demo: ${phase} error${api ? ' in ' + api : ''}`, error);
    add(`! ${app(connection)}${phase} error${api ? ' in ' + api : ''}: ${error instanceof Error ? error.message : String(error)}`, 'fail');
  });
}
