/** The host's calls, answers and integrator errors as they happen, newest first (the last 40). */
import type { Host } from '@wxbridge/host';
import { el } from './dom';

const KEEP = 40;

export function mountCallLog(root: HTMLElement, host: Host): void {
  const list = el('ol', { testid: 'call-log-list', class: 'log-list' });
  root.append(el('h2', { text: 'Calls' }), list);
  const add = (text: string, kind: 'call' | 'ok' | 'fail') => {
    list.prepend(el('li', { class: `log-${kind}`, text }));
    while (list.childElementCount > KEEP) list.lastElementChild!.remove();
  };
  host.on('call', ({ api, params }) => add(`→ ${api} ${JSON.stringify(params)}`, 'call'));
  host.on('result', ({ ok, result, durationMs }) => add(`← ${result.errMsg} (${Math.round(durationMs)} ms)`, ok ? 'ok' : 'fail'));
  host.on('error', ({ phase, api, error }) => {
    console.error(`wxbridge demo: ${phase} error${api ? ' in ' + api : ''}`, error);
    add(`! ${phase} error${api ? ' in ' + api : ''}: ${error instanceof Error ? error.message : String(error)}`, 'fail');
  });
}
