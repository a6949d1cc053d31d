/**
 * Reads the `exp` claim of a JWT without verifying it (the venue verifies; the dashboard only needs
 * to know when to warn, renew or stop retrying). Only the expiry time is ever derived from a token;
 * nothing of it is put into a message.
 */
export function jwtExpiresAt(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined || parts[1].length === 0) return undefined;
  try {
    const claims: unknown = JSON.parse(base64UrlDecode(parts[1]));
    if (typeof claims !== 'object' || claims === null) return undefined;
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? Math.round(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
