import { connectGuest, createPortTransport } from '@wxbridge/guest';

export async function runMiniProgram(port) {
  const { wx, dispose } = connectGuest({ transport: createPortTransport(port) });
  const { code } = await wx.login(); // Promise style: no callbacks passed
  wx.checkSession({ fail: (res) => console.log('mini program: checkSession →', res.errMsg) }); // callback style
  await wx.getUserInfo().catch((err) => console.log('mini program: getUserInfo →', err.errMsg, err.errno));
  return { code, appId: wx.getAccountInfoSync().miniProgram.appId, dispose };
}
