import { describe, expect, it } from 'vitest';
import { displayUrl, redact, secretStrings } from './redact';

describe('redact', () => {
  it('strips query strings and fragments from URLs', () => {
    expect(redact('cannot open ws://127.0.0.1:8787/ws/roxom-main?token=abc123def: refused')).toBe(
      'cannot open ws://127.0.0.1:8787/ws/roxom-main refused',
    );
    expect(redact('see https://x.test/a#frag-secret')).toBe('see https://x.test/a');
  });

  it('masks token pairs, JSON secrets and JWTs', () => {
    const out = redact('token=zzz9 {"apiKey":"k-123"} Bearer eyJhbGciOiJI.eyJzdWIiOiIx.c2lnbmF0dXJl');
    expect(out).toBe('token=[redacted] {"apiKey":"[redacted]"} Bearer [redacted]');
  });

  it("masks the connection's own secret values wherever they appear", () => {
    const secrets = secretStrings({
      token: 'hunter2-secret',
      keyring: { url: 'http://127.0.0.1:8787', token: 'pairing-99' },
    });
    expect(redact('venue said: bad token hunter2-secret (pairing-99)', secrets)).toBe(
      'venue said: bad token [redacted] ([redacted])',
    );
  });

  it('leaves ordinary reasons alone and bounds their length', () => {
    expect(redact('auth.token: missing')).toBe('auth.token: missing');
    expect(redact('x'.repeat(1_000))).toHaveLength(300);
  });

  it('displayUrl drops the query string', () => {
    expect(displayUrl('wss://h/ws?token=1#x')).toBe('wss://h/ws');
    expect(displayUrl('wss://h/ws')).toBe('wss://h/ws');
  });
});
