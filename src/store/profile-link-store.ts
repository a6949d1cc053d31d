import { create } from 'zustand';

/**
 * What became of the page's `?profile=` link (src/app/profile-link-load.ts), for the board to show.
 * `refused`: the link broke a rule and nothing was fetched; `failed`: the fetch did not give a profile;
 * `loaded`: the profile was imported, with the schema's problems if any.
 */
export type ProfileLinkOutcome =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'refused'; reason: string }
  | { state: 'failed'; problem: string }
  | { state: 'loaded'; imported: number; problems: string[] };

export const useProfileLink = create<{ outcome: ProfileLinkOutcome }>()(() => ({ outcome: { state: 'none' } }));

export function reportProfileLink(outcome: ProfileLinkOutcome): void {
  useProfileLink.setState({ outcome });
}
