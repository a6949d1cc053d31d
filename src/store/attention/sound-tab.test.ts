import { describe, expect, it } from 'vitest';
import { CLAIM_LAPSE_MS, parseClaim, playsHere } from './sound-tab';

describe('which tab plays the sounds', () => {
  const now = 1_000_000;
  it('the claiming tab plays and every other tab, the owner too, stays silent', () => {
    const claim = { tab: 'b', at: now - 1_000 };
    expect(playsHere(claim, 'b', false, now)).toBe(true);
    expect(playsHere(claim, 'a', true, now)).toBe(false);
    expect(playsHere(claim, 'c', false, now)).toBe(false);
  });
  it('without a claim, or with a lapsed one, only the owner plays', () => {
    for (const claim of [undefined, { tab: 'b', at: now - CLAIM_LAPSE_MS - 1 }]) {
      expect(playsHere(claim, 'a', true, now)).toBe(true);
      expect(playsHere(claim, 'b', false, now)).toBe(false);
    }
  });
  it('reads only a well-formed claim', () => {
    expect(parseClaim(JSON.stringify({ tab: 'x', at: 5 }))).toEqual({ tab: 'x', at: 5 });
    for (const text of [null, '', '{', '[]', 'null', '{"tab":1,"at":5}', '{"tab":"x","at":"5"}'])
      expect(parseClaim(text)).toBeUndefined();
  });
});
