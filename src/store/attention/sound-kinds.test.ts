import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../settings-store';
import { mergeSounds, SOUNDS_OFF } from './sound-kinds';

describe('sound settings', () => {
  it('are all off by default', () => {
    expect(DEFAULT_SETTINGS.sounds).toEqual({ fills: false, disconnects: false, alerts: false });
  });

  it('read back what was saved; anything but true, or nothing saved (an older version), is off', () => {
    expect(mergeSounds({ fills: true, disconnects: false, alerts: true })).toEqual({
      fills: true,
      disconnects: false,
      alerts: true,
    });
    expect(mergeSounds(undefined)).toEqual(SOUNDS_OFF);
    expect(mergeSounds({ fills: 'yes', alerts: 1, extra: true })).toEqual(SOUNDS_OFF);
  });
});
