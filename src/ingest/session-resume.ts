import type { SessionResume, VenueAdapter } from '../venues/types';

/**
 * The adapter, with every session it creates handed `resume` (VenueSession.resume) before its first
 * socket. The lifecycle may create a session later than the connection (a keyring credential first)
 * or again (a renewed credential for a session without `updateAuth`): each one starts from `resume`.
 */
export function withResume<O>(adapter: VenueAdapter<O>, resume: SessionResume | undefined): VenueAdapter<O> {
  if (!resume || resume.orders.length === 0) return adapter;
  return {
    ...adapter,
    createSession(config, options) {
      const session = adapter.createSession(config, options);
      session.resume?.(resume);
      return session;
    },
  };
}
