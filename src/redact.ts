/**
 * Keeps a secret (the Hugging Face token) out of the CLI's output. Output is written in chunks, and a
 * secret split across two chunks would slip past a per-chunk replace: the stream redactor holds back
 * the end of a chunk for as long as it could be the start of the secret.
 */

const MASK = '[redacted]';

/** Secrets shorter than this are not masked: they would match ordinary words. */
export const MIN_SECRET_LENGTH = 8;
const MAX_HELD = 1024;

/** `text` with every occurrence of `secret` masked. */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= MIN_SECRET_LENGTH && text.includes(secret) ? text.split(secret).join(MASK) : text;
}

/** A writer that masks `secret` across chunk boundaries; `end` writes what was held back. */
export function redactingStream(secret: string | undefined, write: (text: string) => void): { write(text: string): void; end(): void } {
  // A secret longer than any real token is masked chunk by chunk only (holding back its length would cost quadratic time).
  if (!secret || secret.length < MIN_SECRET_LENGTH) return { write, end: () => undefined };
  if (secret.length > MAX_HELD) return { write: (text) => write(redact(text, secret)), end: () => undefined };
  let held = '';
  return {
    write(text: string): void {
      const joined = redact(held + text, secret);
      // The longest end of the text that begins the secret (shorter than it: whole ones are masked).
      let keep = Math.min(secret.length - 1, joined.length);
      while (keep > 0 && !secret.startsWith(joined.slice(joined.length - keep))) keep--;
      held = joined.slice(joined.length - keep);
      const out = joined.slice(0, joined.length - keep);
      if (out !== '') write(out);
    },
    end(): void {
      if (held !== '') write(held);
      held = '';
    }
  };
}
