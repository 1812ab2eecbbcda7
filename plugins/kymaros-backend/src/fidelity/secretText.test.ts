import { secretText, secretValue } from './secretText';

describe('secretText', () => {
  it('reads and writes UTF-8 text', () => {
    const text = 'postgres://ü:"p\\w"@db.shop.svc:5432';
    expect(secretText(secretValue(text))).toBe(text);
    expect(secretText('')).toBe('');
  });

  it('refuses binary values and what is not base64', () => {
    expect(
      secretText(Buffer.from([0xff, 0xfe, 0x00]).toString('base64')),
    ).toBeUndefined();
    expect(secretText('not base64!')).toBeUndefined();
    expect(secretText(42)).toBeUndefined();
  });
});
