/**
 * Which tab plays the sounds when the board is open in several: each tab applies the same events, so
 * without a rule every tab would sound each fill once. The tab the user last touched claims the sounds
 * (a click or key there, or its focus once its audio is unlocked); a claim is renewed while its tab
 * lives and lapses when the tab closes or stops renewing (a crashed tab). With no live claim, the tab
 * that owns the sockets plays.
 */
export interface SoundClaim {
  tab: string;
  /** When the claim was made or last renewed (ms since the epoch). */
  at: number;
}

/** A claim not renewed for this long belongs to a tab that is gone. */
export const CLAIM_LAPSE_MS = 30_000;
/** How often the claiming tab renews its claim: well inside the lapse. */
export const CLAIM_RENEW_MS = 10_000;

export function playsHere(claim: SoundClaim | undefined, me: string, isOwner: boolean, now: number): boolean {
  if (claim !== undefined && now - claim.at <= CLAIM_LAPSE_MS) return claim.tab === me;
  return isOwner;
}

/** Reads a stored claim; anything else (absent, another shape) is no claim. */
export function parseClaim(text: string | null): SoundClaim | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { tab, at } = value as Record<string, unknown>;
    return typeof tab === 'string' && typeof at === 'number' && Number.isFinite(at) ? { tab, at } : undefined;
  } catch {
    return undefined;
  }
}
