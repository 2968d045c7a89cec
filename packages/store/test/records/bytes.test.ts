import { createHash, randomBytes } from 'node:crypto';
import { sha256, sha256Fallback } from '../../src/records/bytes';

test('the plain-JavaScript SHA-256 agrees with node:crypto around every padding boundary', async () => {
  for (const length of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65_537]) {
    const bytes = new Uint8Array(randomBytes(length));
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(Buffer.from(sha256Fallback(bytes)).toString('hex')).toBe(expected);
    expect(Buffer.from(await sha256(bytes)).toString('hex')).toBe(expected);
  }
  expect(Buffer.from(sha256Fallback(new TextEncoder().encode('abc'))).toString('hex')).toBe(
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  );
});
