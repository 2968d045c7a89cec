/**
 * The superapp's yes/no dialogs: a scope (`wx.authorize`), sharing the profile
 * (`wx.getUserProfile`) and the mini program's privacy guideline.
 */
import type { AuthorizePromptRequest, PrivacyPromptRequest, UserProfilePromptRequest } from '@wxbridge/host';
import { MOCK_USER_INFO } from '@wxbridge/mock';
import { el } from '../dom';
import { showDialog } from './dialog';

/** `Allow <app> to use <what the scope covers>?` */
export function authorizeDialog(layer: HTMLElement) {
  return ({ app, scope, description, signal }: AuthorizePromptRequest): Promise<boolean> =>
    showDialog(layer, {
      id: 'authorize',
      title: 'Permission request',
      body: [
        el('p', { text: `Allow ${app.appId} to use ${description}?` }),
        el('p', { class: 'muted' }, [el('code', { text: scope })]),
      ],
      actions: [
        { id: 'deny', label: 'Deny', value: () => false },
        { id: 'allow', label: 'Allow', value: () => true, primary: true },
      ],
      signal,
      dismissed: false,
    });
}

/** `getUserProfile`: the profile that would be shared, and the mini program's reason. */
export function userProfileDialog(layer: HTMLElement) {
  return ({ app, desc, signal }: UserProfilePromptRequest): Promise<boolean> =>
    showDialog(layer, {
      id: 'user-profile',
      title: 'Share your profile?',
      body: [
        el('p', { text: `${app.appId} would like your nickname and avatar.` }),
        el('p', { class: 'muted', text: `Reason given: ${desc}` }),
        el('p', { class: 'profile-card', text: `${MOCK_USER_INFO.nickName} · ${MOCK_USER_INFO.city}` }),
      ],
      actions: [
        { id: 'deny', label: 'Deny', value: () => false },
        { id: 'allow', label: 'Allow', value: () => true, primary: true },
      ],
      signal,
      dismissed: false,
    });
}

/** The privacy guideline, in front of the first privacy-gated API. */
export function privacyDialog(layer: HTMLElement) {
  return ({ app, referrer, contractName, signal }: PrivacyPromptRequest): Promise<boolean> =>
    showDialog(layer, {
      id: 'privacy',
      title: 'Privacy guideline',
      body: [
        el('p', { text: `Before ${app.appId} can use ${referrer}, please read and agree to "${contractName}".` }),
        el('p', { class: 'muted', text: 'If you disagree, this call fails; you will be asked again next time.' }),
      ],
      actions: [
        { id: 'disagree', label: 'Disagree', value: () => false },
        { id: 'agree', label: 'Agree', value: () => true, primary: true },
      ],
      signal,
      dismissed: false,
    });
}
