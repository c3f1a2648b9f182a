import { utf8ByteLength } from '../../src/wire/utf8';

describe('utf8ByteLength', () => {
  it('counts the bytes UTF-8 encoding would produce, lone surrogates as U+FFFD', () => {
    const samples = [
      '',
      'abc',
      'é',
      '€',
      '😀',
      'a😀b€é',
      '\ud83d',
      'x\udc00y',
      '\ud83d\ud83d',
      'ß'.repeat(1000),
    ];
    for (const text of samples)
      expect([text, utf8ByteLength(text)]).toEqual([text, Buffer.byteLength(text, 'utf8')]);
  });
});
