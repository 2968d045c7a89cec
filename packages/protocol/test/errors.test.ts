import { ERRNO, failMessage, failResult, okMessage } from '../src';

describe('errMsg composition', () => {
  test('ok and fail messages', () => {
    expect(okMessage('login')).toBe('login:ok');
    expect(failMessage('login', 'time out')).toBe('login:fail time out');
    expect(failMessage('login')).toBe('login:fail');
  });

  test('failResult puts extra fields first and never lets them override errMsg or the codes', () => {
    expect(failResult('authorize', 'auth deny', { errno: ERRNO.authDeny })).toEqual({
      errMsg: 'authorize:fail auth deny',
      errno: 103,
    });
    expect(
      failResult('startSoterAuthentication', 'cancel', { errCode: 90008 }, { authMode: 'facial', errMsg: 'forged:ok', errno: 0 }),
    ).toEqual({ authMode: 'facial', errMsg: 'startSoterAuthentication:fail cancel', errCode: 90008 });
  });
});
