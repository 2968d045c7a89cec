/** The superapp's cashier for `wx.requestPayment`: Pay, or Cancel (`requestPayment:fail cancel`). */
import type { PaymentPromptRequest } from '@wxbridge/mock';
import { el } from '../dom';
import { showDialog } from './dialog';

export function paymentSheet(layer: HTMLElement) {
  return ({ app, params, signal }: PaymentPromptRequest): Promise<boolean> =>
    showDialog(layer, {
      id: 'payment',
      title: 'Confirm payment',
      body: [
        el('p', { text: `Pay ${app.appId}` }),
        el('dl', { class: 'order' }, [
          el('dt', { text: 'Order' }),
          el('dd', { text: params.package }),
          el('dt', { text: 'Signed with' }),
          el('dd', { text: params.signType }),
        ]),
        el('p', { class: 'muted', text: 'Demo cashier: no money moves.' }),
      ],
      actions: [
        { id: 'cancel', testid: 'payment-cancel', label: 'Cancel', value: () => false },
        { id: 'pay', testid: 'payment-pay', label: 'Pay', value: () => true, primary: true },
      ],
      signal,
      dismissed: false,
    });
}
