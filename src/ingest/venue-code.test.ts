import { describe, expect, it } from 'vitest';
import { venuesNeeded } from './venue-code';

describe('the venue code a worker command needs', () => {
  it('a connect or a test names its venue; a replay may be any; the rest none', () => {
    expect(venuesNeeded({ type: 'connect', config: { venue: 'rails' } })).toEqual(['rails']);
    expect(venuesNeeded({ type: 'probe', probeId: 'p', config: { venue: 'zdex' } })).toEqual(['zdex']);
    expect(venuesNeeded({ type: 'replay', connectionId: 'r', recording: '' })).toBe('all');
    for (const other of [{ type: 'disconnect', connectionId: 'a' }, { type: 'connect' }, null, 'x', 7])
      expect(venuesNeeded(other)).toEqual([]);
  });
});
