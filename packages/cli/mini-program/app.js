// The sync APIs answer from the mini program's first line, as on the platform: the runtime starts
// this file once the superapp's welcome is in. Their answers are shown under "At start-up".
const account = wx.getAccountInfoSync();
const canGetUserInfo = wx.canIUse('button.open-type.getUserInfo');

// The sample mini program: plain JavaScript against the global `wx`, as a mini program
// developer writes it. Each button calls one API and shows the result (success or fail) as JSON.
// The open-type buttons (getPhoneNumber, getEmailAddress, chooseAvatar) go through the runtime's
// `wxbridge.invokeOpenType`, inside the button's tap, as a <button open-type="…"> would.

const TEMPLATES = ['mock-tmpl-order-shipped', 'mock-tmpl-order-shipped-2', 'mock-tmpl-reminder'];
const ORDER = {
  timeStamp: '1700000000',
  nonceStr: 'demo-nonce',
  package: 'prepay_id=demo-order-42',
  signType: 'RSA',
  paySign: 'demo-signature-from-your-backend',
};
let challenges = 0;

// The developer backend (backend/server.mjs), which wxbridge dev runs and names in this page's
// address; a real mini program has its backend's URL written in its code.
const BACKEND = new URLSearchParams(location.search).get('backend');
const ONE_TIME = 'mock-tmpl-order-shipped';
let backendSession; // the backend's own login state, from POST /login

async function backend(path, body) {
  const response = await fetch(BACKEND + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) throw new Error(`backend ${path}: ${answer.error}`);
  return answer;
}

/** wx.login → code → backend (jscode2session) → openid; then wx.getUserInfo → backend → the verified, decrypted profile. */
async function backendLogin() {
  const { code } = await wx.login();
  const login = await backend('/login', { code });
  if (login.errcode) return { code, 'backend /login': login };
  backendSession = login.session;
  await wx.authorize({ scope: 'scope.userInfo' });
  const { rawData, signature, encryptedData, iv } = await wx.getUserInfo();
  const checked = await backend('/profile', { session: backendSession, rawData, signature, encryptedData, iv });
  return { code, openid: login.openid, signature, ...checked };
}

/** Send the one-time template to me: `send` after the user's acceptance, `again` on the same one. */
function sendToMe(again) {
  if (!backendSession) return Promise.reject(new Error('log in through the backend first'));
  const send = () => backend('/send', { session: backendSession, templateId: ONE_TIME });
  if (again) return send().then((answer) => ({ send: answer }));
  return wx.requestSubscribeMessage({ tmplIds: [ONE_TIME] }).then(async (answer) => {
    if (answer[ONE_TIME] !== 'accept') return { subscribe: answer[ONE_TIME] };
    return { subscribe: 'accept', send: await send() };
  });
}

const SECTIONS = [
  ['Sign-in', [
    { id: 'login', label: 'wx.login()', run: () => wx.login() },
    { id: 'checkSession', label: 'wx.checkSession()', run: () => wx.checkSession() },
    { id: 'getAccountInfoSync', label: 'wx.getAccountInfoSync()', run: () => wx.getAccountInfoSync() },
    { id: 'getAuthCode', label: "wx.getAuthCode({scopes: ['auth_user']})", run: () => wx.getAuthCode({ scopes: ['auth_user'] }) },
  ]],
  ['User info and scopes', [
    { id: 'requirePrivacyAuthorize', label: 'wx.requirePrivacyAuthorize()', run: () => wx.requirePrivacyAuthorize() },
    {
      id: 'getUserInfo',
      label: "wx.authorize('scope.userInfo') → wx.getUserInfo()",
      run: async () => {
        await wx.authorize({ scope: 'scope.userInfo' });
        return wx.getUserInfo();
      },
    },
    { id: 'getUserProfile', label: 'wx.getUserProfile({desc})', run: () => wx.getUserProfile({ desc: 'Show your name on your card' }) },
    { id: 'authorize-location', label: "wx.authorize('scope.userLocation')", run: () => wx.authorize({ scope: 'scope.userLocation' }) },
    { id: 'authorize-camera', label: "wx.authorize('scope.camera')", run: () => wx.authorize({ scope: 'scope.camera' }) },
    { id: 'getSetting', label: 'wx.getSetting({withSubscriptions: true})', run: () => wx.getSetting({ withSubscriptions: true }) },
    { id: 'openSetting', label: 'wx.openSetting()', run: () => wx.openSetting() },
  ]],
  ['Location', [
    { id: 'getLocation', label: "wx.getLocation({type: 'wgs84'})", run: () => wx.getLocation({ type: 'wgs84' }) },
    { id: 'getFuzzyLocation', label: "wx.getFuzzyLocation({type: 'wgs84'})", run: () => wx.getFuzzyLocation({ type: 'wgs84' }) },
  ]],
  ['Biometrics (SOTER)', [
    { id: 'checkIsSupportSoterAuthentication', label: 'wx.checkIsSupportSoterAuthentication()', run: () => wx.checkIsSupportSoterAuthentication() },
    {
      id: 'checkIsSoterEnrolledInDevice',
      label: "wx.checkIsSoterEnrolledInDevice({checkAuthMode: 'fingerPrint'})",
      run: () => wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'fingerPrint' }),
    },
    {
      id: 'startSoterAuthentication',
      label: 'wx.startSoterAuthentication({…})',
      run: () =>
        wx.startSoterAuthentication({
          requestAuthModes: ['fingerPrint'],
          challenge: `demo-challenge-${++challenges}`, // in a real mini program: from your backend
          authContent: 'Confirm the transfer with your fingerprint',
        }),
    },
  ]],
  ['Messages and payment', [
    { id: 'requestSubscribeMessage', label: 'wx.requestSubscribeMessage({tmplIds: 3 ids})', run: () => wx.requestSubscribeMessage({ tmplIds: TEMPLATES }) },
    { id: 'requestPayment', label: 'wx.requestPayment({…})', run: () => wx.requestPayment(ORDER) },
  ]],
  ['Open-type buttons', [
    { id: 'getPhoneNumber', label: '<button open-type="getPhoneNumber">', run: () => wxbridge.invokeOpenType('getPhoneNumber') },
    { id: 'getEmailAddress', label: '<button open-type="getEmailAddress">', run: () => wxbridge.invokeOpenType('getEmailAddress') },
    { id: 'chooseAvatar', label: '<button open-type="chooseAvatar">', run: () => wxbridge.invokeOpenType('chooseAvatar') },
  ]],
  ["The superapp's own API", [
    {
      id: 'getDeviceBattery',
      label: "wx.invokeNativePlugin({api_name: 'getDeviceBattery'})",
      run: () => wx.invokeNativePlugin({ api_name: 'getDeviceBattery', data: { unit: 'percent' } }),
    },
  ]],
];
if (BACKEND) {
  SECTIONS.push(['Backend round trip', [
    { id: 'backend-login', label: 'Log in: wx.login → backend → openid, wx.getUserInfo → backend → profile', run: backendLogin },
    { id: 'backend-send', label: 'Send me a message: wx.requestSubscribeMessage → backend → subscribe/send', run: () => sendToMe(false) },
    { id: 'backend-send-again', label: 'Send it again on the same acceptance', run: () => sendToMe(true) },
  ]]);
}

/** A result as pretty JSON; success or fail by its errMsg (a sync API's value counts as success). */
function show(output, result, failed) {
  const errMsg = result && typeof result.errMsg === 'string' ? result.errMsg : undefined;
  output.textContent = JSON.stringify(result, null, 2);
  // A backend's answer fails with an errcode (WeChat's) or an unverified profile.
  const backendFailed = result && (result.send?.errcode || result.verified === false || result['backend /login']);
  output.dataset.outcome = failed || backendFailed || (errMsg !== undefined && !errMsg.endsWith(':ok')) ? 'fail' : 'success';
  output.dataset.state = 'done';
}

async function press(entry, output) {
  output.dataset.state = 'pending';
  output.dataset.outcome = '';
  output.textContent = '…';
  try {
    show(output, await entry.run(), false);
  } catch (error) {
    // A wx fail result is an object with errMsg; anything else is a bug in this page.
    show(output, error && typeof error.errMsg === 'string' ? error : { error: String(error) }, true);
  }
}

const main = document.getElementById('apis');
{
  const heading = document.createElement('h2');
  heading.textContent = 'At start-up';
  const row = document.createElement('div');
  row.className = 'api';
  const output = document.createElement('pre');
  output.dataset.testid = 'result-startup';
  show(output, { 'wx.getAccountInfoSync()': account, "wx.canIUse('button.open-type.getUserInfo')": canGetUserInfo }, false);
  row.append(output);
  main.append(heading, row);
}
for (const [title, entries] of SECTIONS) {
  const heading = document.createElement('h2');
  heading.textContent = title;
  main.append(heading);
  for (const entry of entries) {
    const row = document.createElement('div');
    row.className = 'api';
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.testid = `btn-${entry.id}`;
    button.textContent = entry.label;
    const output = document.createElement('pre');
    output.dataset.testid = `result-${entry.id}`;
    output.dataset.state = 'idle';
    // The call starts inside the click's task: tap-required APIs see the tap.
    button.addEventListener('click', () => press(entry, output));
    row.append(button, output);
    main.append(row);
  }
}
