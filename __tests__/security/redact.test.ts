/** The token never reaches the CLI's output, even when the output is written in pieces that split it. */
import { MIN_SECRET_LENGTH, redact, redactingStream } from '../../src/redact.js';

const TOKEN = 'hf_SecretToken1234567890';

function streamed(chunks: string[], secret: string | undefined = TOKEN): string {
  let out = '';
  const stream = redactingStream(secret, (text) => (out += text));
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return out;
}

describe('redact', () => {
  test('masks every occurrence, and leaves short secrets alone (they would match ordinary words)', () => {
    expect(redact(`a ${TOKEN} b ${TOKEN}`, TOKEN)).toBe('a [redacted] b [redacted]');
    expect(redact('the mit licence', 'mit')).toBe('the mit licence');
    expect('x'.repeat(MIN_SECRET_LENGTH - 1).length).toBeLessThan(MIN_SECRET_LENGTH);
    expect(redact('nothing here', undefined)).toBe('nothing here');
  });
});

describe('redactingStream', () => {
  const text = `before ${TOKEN} middle ${TOKEN}${TOKEN} after hf_Secret`;
  const expected = 'before [redacted] middle [redacted][redacted] after hf_Secret';

  test('masks a token split at every possible point between two chunks', () => {
    for (let cut = 0; cut <= text.length; cut++) expect(streamed([text.slice(0, cut), text.slice(cut)])).toBe(expected);
  });

  test('masks a token written one character at a time, and keeps a trailing prefix of it at the end', () => {
    expect(streamed([...text])).toBe(expected);
    expect(streamed(['ends with hf_Sec', 'ret'])).toBe('ends with hf_Secret');
  });

  test('writes text without a token unchanged, whatever the chunks', () => {
    const plain = 'hf_ hf_S hf_Se no token at all h';
    for (let cut = 0; cut <= plain.length; cut++) expect(streamed([plain.slice(0, cut), plain.slice(cut)])).toBe(plain);
  });

  test('passes chunks through as they are when there is no secret to mask', () => {
    const seen: string[] = [];
    const stream = redactingStream(undefined, (t) => seen.push(t));
    stream.write('a');
    stream.write('b');
    stream.end();
    expect(seen).toEqual(['a', 'b']);
  });

  test('a huge secret is still masked within a chunk, in linear time', () => {
    const huge = 'hf_' + 'z'.repeat(5000);
    expect(streamed([`x ${huge} y`], huge)).toBe('x [redacted] y');
  });
});
