/**
 * The superapp's yes/no dialogs: a scope (`wx.authorize`), sharing the profile
 * (`wx.getUserProfile`) and the mini program's privacy guideline.
 */
import type { AuthorizePromptRequest, PrivacyPromptRequest, UserProfilePromptRequest } from '@wxbridge/host';
import { MOCK_USER_INFO } from '@wxbridge/mock';
import { el } from '../dom';
import { showDialog } from './dialog';

interface ConsentSpec {
  id: string;
  title: string;
  body: ReadonlyArray<Node | string>;
  /** The refusing and the agreeing button: `[action id, label]`. */
  no: [string, string];
  yes: [string, string];
  signal: AbortSignal;
}

/** Resolves true for the agreeing button; false for the other, or when the signal fires. */
function consentDialog(layer: HTMLElement, { no, yes, ...spec }: ConsentSpec): Promise<boolean> {
  return showDialog(layer, {
    ...spec,
    actions: [
      { id: no[0], label: no[1], value: () => false },
      { id: yes[0], label: yes[1], value: () => true, primary: true },
    ],
    dismissed: false,
  });
}

/** `Allow <app> to use <what the scope covers>?` */
export function authorizeDialog(layer: HTMLElement) {
  return ({ app, scope, description, signal }: AuthorizePromptRequest): Promise<boolean> =>
    consentDialog(layer, {
      id: 'authorize',
      title: 'Permission request',
      body: [el('p', { text: `Allow ${app.appId} to use ${description}?` }), el('p', { class: 'muted' }, [el('code', { text: scope })])],
      no: ['deny', 'Deny'],
      yes: ['allow', 'Allow'],
      signal,
    });
}

/** `getUserProfile`: the profile that would be shared, and the mini program's reason. */
export function userProfileDialog(layer: HTMLElement) {
  return ({ app, desc, signal }: UserProfilePromptRequest): Promise<boolean> =>
    consentDialog(layer, {
      id: 'user-profile',
      title: 'Share your profile?',
      body: [
        el('p', { text: `${app.appId} would like your nickname and avatar.` }),
        el('p', { class: 'muted', text: `Reason given: ${desc}` }),
        el('p', { class: 'profile-card', text: `${MOCK_USER_INFO.nickName} · ${MOCK_USER_INFO.city}` }),
      ],
      no: ['deny', 'Deny'],
      yes: ['allow', 'Allow'],
      signal,
    });
}

/** The privacy guideline, in front of the first privacy-gated API. */
export function privacyDialog(layer: HTMLElement) {
  return ({ app, referrer, contractName, signal }: PrivacyPromptRequest): Promise<boolean> =>
    consentDialog(layer, {
      id: 'privacy',
      title: 'Privacy guideline',
      body: [
        el('p', { text: `Before ${app.appId} can use ${referrer}, please read and agree to "${contractName}".` }),
        el('p', { class: 'muted', text: 'If you disagree, this call fails; you will be asked again next time.' }),
      ],
      no: ['disagree', 'Disagree'],
      yes: ['agree', 'Agree'],
      signal,
    });
}
