/**
 * The kinds of short sound the page can make (each switched on in the settings drawer, all off by
 * default): a new fill, a connection that drops, an alert (the user's own rules, a venue's warning
 * such as a triggered price alert).
 */
export const SOUND_KINDS = ['fills', 'disconnects', 'alerts'] as const;
export type SoundKind = (typeof SOUND_KINDS)[number];

export type SoundSettings = Record<SoundKind, boolean>;

export const SOUNDS_OFF: SoundSettings = { fills: false, disconnects: false, alerts: false };

/** The saved sound settings, whatever shape they were saved in: a value that is not `true` is off. */
export function mergeSounds(saved: unknown): SoundSettings {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<Record<SoundKind, unknown>>;
  return { fills: s.fills === true, disconnects: s.disconnects === true, alerts: s.alerts === true };
}
