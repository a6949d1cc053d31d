import type { RailsVenue } from './config';
import { mintRailsToken, type MintDeps, type RailsCredential } from './credentials';

/**
 * Rails access tokens for the REST proxy: one per venue id, reused while it has more than
 * `marginMs` left, minted from `tokenUrl` otherwise (Rails allows 20 token requests a minute per
 * key). Concurrent requests share one mint. A token minted for `GET /credentials` is remembered too.
 */
export class RailsTokens {
  private readonly cached = new Map<string, RailsCredential>();
  private readonly minting = new Map<string, Promise<RailsCredential>>();

  constructor(
    private readonly deps: MintDeps,
    private readonly marginMs = 30_000,
  ) {}

  /** A valid token; `fresh` when it was minted for this call. */
  async get(venue: RailsVenue): Promise<{ credential: RailsCredential; fresh: boolean }> {
    const cached = this.cached.get(venue.id);
    if (cached && cached.expiresAt - this.marginMs > this.deps.now()) return { credential: cached, fresh: false };
    return { credential: await this.mint(venue), fresh: true };
  }

  /** Mints a token (shared by concurrent callers) and keeps it. */
  mint(venue: RailsVenue): Promise<RailsCredential> {
    let pending = this.minting.get(venue.id);
    if (!pending) {
      pending = mintRailsToken(venue, this.deps).then(
        (credential) => {
          this.minting.delete(venue.id);
          this.remember(venue.id, credential);
          return credential;
        },
        (error: unknown) => {
          this.minting.delete(venue.id);
          throw error;
        },
      );
      this.minting.set(venue.id, pending);
    }
    return pending;
  }

  remember(id: string, credential: RailsCredential): void {
    const current = this.cached.get(id);
    if (!current || credential.expiresAt >= current.expiresAt) this.cached.set(id, credential);
  }

  /** The venue refused this token (revoked, or its key rotated): never use it again. */
  forget(id: string, token: string): void {
    if (this.cached.get(id)?.token === token) this.cached.delete(id);
  }
}
