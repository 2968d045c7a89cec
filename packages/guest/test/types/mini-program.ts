/*
 * A mini program written against `miniprogram-api-typings`, using only the
 * global `wx` (no imports). `typings-compat.test.ts` compiles this file twice:
 * with the global `wx` from the typings (`wx-typings.d.ts`) and with ours
 * (`wx-ours.d.ts`). Both compilations must be clean, so every
 * `@ts-expect-error` below must be an error under both — which proves
 * neither `wx` is `any`.
 *
 * Not run; type-checked only.
 */

const backend = {
  post(path: string, body: Record<string, unknown>): Promise<Record<string, string>> {
    return Promise.resolve({ path, body: JSON.stringify(body) });
  },
};

// ---------------------------------------------------------------------------
// Callback style, with inferred callback parameter types.

function signIn(): void {
  wx.login({
    timeout: 5000,
    success(res) {
      const code: string = res.code;
      const msg: string = res.errMsg;
      void backend.post('/session', { code, msg });
    },
    fail(err) {
      const errno: number = err.errno;
      const msg: string = err.errMsg;
      console.warn('login failed', errno, msg);
    },
    complete(res) {
      console.log('login done', res.errMsg);
    },
  });

  wx.checkSession({
    success: (res) => console.log('session still valid', res.errMsg),
    fail: (err) => console.log('session expired', err.errMsg),
  });
}

function readAccount(): string {
  const account = wx.getAccountInfoSync();
  const appId: string = account.miniProgram.appId;
  const env: 'develop' | 'trial' | 'release' = account.miniProgram.envVersion;
  const version: string = account.miniProgram.version;
  // Typed as present, as the typings have it (at run time: only inside a plugin).
  const pluginAppId: string | undefined = account.plugin ? account.plugin.appId : undefined;
  return [appId, env, version, pluginAppId ?? '-'].join('/');
}

function askProfile(): void {
  wx.getUserProfile({
    desc: 'Show your name on your orders',
    lang: 'zh_CN',
    success(res) {
      const nickName: string = res.userInfo.nickName;
      const avatarUrl: string = res.userInfo.avatarUrl;
      const gender: 0 | 1 | 2 = res.userInfo.gender;
      const language: 'en' | 'zh_CN' | 'zh_TW' = res.userInfo.language;
      const place = [res.userInfo.country, res.userInfo.province, res.userInfo.city].join(' ');
      const payload = { rawData: res.rawData, signature: res.signature, encryptedData: res.encryptedData, iv: res.iv };
      const cloudID: string = res.cloudID;
      console.log(nickName, avatarUrl, gender, language, place, payload, cloudID);
    },
    fail(err) {
      console.warn(err.errMsg);
    },
  });

  wx.getUserInfo({
    withCredentials: true,
    lang: 'en',
    success: (res) => console.log(res.userInfo.nickName, res.signature.length),
    fail: (err) => console.warn(err.errMsg),
    complete: (res) => console.log(res.errMsg),
  });
}

function checkLocationScope(): void {
  wx.getSetting({
    withSubscriptions: true,
    success(res) {
      const location: boolean | undefined = res.authSetting['scope.userLocation'];
      if (location === undefined) {
        wx.authorize({
          scope: 'scope.userLocation',
          success: () => console.log('location granted'),
          fail: (err) => console.warn('location denied', err.errMsg),
        });
      } else if (!location) {
        wx.openSetting({
          success(settings) {
            const now: boolean | undefined = settings.authSetting['scope.userLocation'];
            console.log('location now', now);
          },
        });
      }
      // Only returned when `withSubscriptions` is true.
      // Written as against the typings: no optional chaining.
      const mainSwitch: boolean = res.subscriptionsSetting.mainSwitch;
      console.log('subscriptions on', mainSwitch, res.subscriptionsSetting.itemSettings);
    },
  });
}

function biometrics(challenge: string): void {
  wx.checkIsSupportSoterAuthentication({
    success(res) {
      const modes: Array<'fingerPrint' | 'facial' | 'speech'> = res.supportMode;
      if (!modes.includes('fingerPrint')) return;
      wx.checkIsSoterEnrolledInDevice({
        checkAuthMode: 'fingerPrint',
        success(enrolled) {
          const isEnrolled: boolean = enrolled.isEnrolled;
          if (!isEnrolled) return;
          wx.startSoterAuthentication({
            requestAuthModes: ['fingerPrint'],
            challenge,
            authContent: 'Confirm the payment',
            success(auth) {
              const json: string = auth.resultJSON;
              const signature: string = auth.resultJSONSignature;
              const errCode: number = auth.errCode;
              const mode: string = auth.authMode;
              void backend.post('/soter/verify', { json, signature, errCode, mode });
            },
            fail: (err) => console.warn('soter failed', err.errMsg),
          });
        },
      });
    },
  });
}

const TEMPLATE_IDS = ['tmpl-order-shipped', 'tmpl-order-paid'];

function subscribe(): void {
  wx.requestSubscribeMessage({
    tmplIds: TEMPLATE_IDS,
    success(res) {
      for (const id of TEMPLATE_IDS) {
        const decision: string | undefined = res[id];
        console.log(id, decision ?? 'not asked');
      }
      console.log(res.errMsg);
    },
    fail(err) {
      const errCode: number = err.errCode;
      console.warn('subscribe failed', errCode, err.errMsg);
    },
  });
}

// Whatever `onNeedPrivacyAuthorization` hands the listener first: `resolve`
// on the platform (the typings call it `res`). Kept opaque so the listener
// compiles against both.
let pendingPrivacyResolve: unknown;

function privacy(): void {
  wx.getPrivacySetting({
    success(res) {
      const needAuthorization: boolean = res.needAuthorization;
      const contract: string = res.privacyContractName;
      console.log(needAuthorization, contract);
    },
    fail: (err) => console.warn(err.errMsg),
  });

  wx.onNeedPrivacyAuthorization((resolve) => {
    pendingPrivacyResolve = resolve;
  });

  wx.requirePrivacyAuthorize({
    success: (res) => console.log('agreed', res.errMsg),
    fail: (err) => console.log('declined', err.errMsg),
    complete: (res) => console.log(res.errMsg),
  });
}

function onAgreeTap(): void {
  const resolve = pendingPrivacyResolve;
  if (typeof resolve === 'function') resolve({ event: 'agree', buttonId: 'agree-btn' });
  pendingPrivacyResolve = undefined;
}

function pay(order: { timeStamp: string; nonceStr: string; prepayId: string; paySign: string }): void {
  wx.requestPayment({
    timeStamp: order.timeStamp,
    nonceStr: order.nonceStr,
    package: `prepay_id=${order.prepayId}`,
    signType: 'RSA',
    paySign: order.paySign,
    success: (res) => console.log('paid', res.errMsg),
    fail: (err) => console.warn('not paid', err.errMsg),
  });
}

// A call with only `complete` returns void, not a Promise.
function completeOnly(): void {
  const returned: void = wx.checkSession({
    complete(res) {
      console.log(res.errMsg);
    },
  });
  console.log(returned);
}

// ---------------------------------------------------------------------------
// Promise style.

async function signInAsync(): Promise<string> {
  const r = await wx.login();
  const code: string = r.code;
  const again = await wx.login({ timeout: 3000 });
  await wx.checkSession();
  return code + again.errMsg;
}

async function everythingAsync(challenge: string): Promise<void> {
  const profile = await wx.getUserProfile({ desc: 'Show your name on your orders' });
  console.log(profile.userInfo.nickName, profile.userInfo.gender);

  const info = await wx.getUserInfo({ lang: 'zh_TW' });
  console.log(info.userInfo.city, info.encryptedData, info.iv);

  const settings = await wx.getSetting();
  console.log(settings.authSetting['scope.camera'], settings.errMsg);

  const opened = await wx.openSetting({ withSubscriptions: false });
  console.log(opened.authSetting['scope.record']);

  const granted = await wx.authorize({ scope: 'scope.record' });
  console.log(granted.errMsg);

  const support = await wx.checkIsSupportSoterAuthentication();
  const firstMode: 'fingerPrint' | 'facial' | 'speech' | undefined = support.supportMode[0];

  const enrolled = await wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'facial' });
  console.log(firstMode, enrolled.isEnrolled);

  const auth = await wx.startSoterAuthentication({ requestAuthModes: ['facial', 'fingerPrint'], challenge });
  console.log(auth.resultJSON, auth.authMode);

  const subscribed = await wx.requestSubscribeMessage({ tmplIds: ['tmpl-order-shipped'] });
  console.log(subscribed['tmpl-order-shipped'], subscribed.errMsg);

  const paid = await wx.requestPayment({
    timeStamp: '1700000000',
    nonceStr: 'n0nce',
    package: 'prepay_id=wx123',
    signType: 'MD5',
    paySign: 'sig',
  });
  console.log(paid.errMsg);
}

function thenCatch(): Promise<boolean | undefined> {
  return wx
    .getSetting({ withSubscriptions: true })
    .then((res) => res.authSetting['scope.userLocation'])
    .catch((err: { errMsg: string }) => {
      console.warn(err.errMsg);
      return undefined;
    });
}

function thenChain(): Promise<string> {
  return wx
    .login()
    .then((res) => backend.post('/session', { code: res.code }))
    .then((session) => session['token'] ?? '')
    .catch(() => '');
}

// ---------------------------------------------------------------------------
// canIUse.

function features(): { profile: boolean; soter: boolean } {
  const profile: boolean = wx.canIUse('getUserProfile');
  const soter = wx.canIUse('startSoterAuthentication.object.authContent');
  return { profile, soter };
}

// ---------------------------------------------------------------------------
// Errors both `wx` types must report: they are not `any`.

async function mistakes(): Promise<void> {
  const r = await wx.login();
  // @ts-expect-error: misspelled result field
  console.log(r.cod);
  // @ts-expect-error: the code is a string
  const n: number = r.code;
  console.log(n);

  // @ts-expect-error: timeout is a number
  wx.login({ timeout: '1000' });

  // @ts-expect-error: scope is required
  wx.authorize({});

  // @ts-expect-error: desc is required
  wx.getUserProfile({ lang: 'en' });

  // @ts-expect-error: not a biometric mode
  wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'iris' });

  // @ts-expect-error: schema is a string
  wx.canIUse(42);

  // @ts-expect-error: misspelled field of a nested result
  console.log(wx.getAccountInfoSync().miniProgram.appID);

  wx.checkIsSupportSoterAuthentication({
    success(res) {
      // @ts-expect-error: supportMode is an array, not a string
      res.supportMode.toUpperCase();
    },
  });

  wx.getSetting({
    success(res) {
      // @ts-expect-error: misspelled result field
      console.log(res.authSettings);
    },
  });

  // @ts-expect-error: with a callback the call returns void, not a Promise
  await wx.login({ success: () => undefined }).then(() => undefined);
}

export const app = {
  signIn,
  readAccount,
  askProfile,
  checkLocationScope,
  biometrics,
  subscribe,
  privacy,
  onAgreeTap,
  pay,
  completeOnly,
  signInAsync,
  everythingAsync,
  thenCatch,
  thenChain,
  features,
  mistakes,
};
