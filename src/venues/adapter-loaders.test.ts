import { describe, expect, it } from 'vitest';
import { loadAdapter, loadableVenues, loadAllAdapters, loadedAdapter } from './adapter-loaders';
import { getAdapter, supportedVenues } from './registry';

describe("the worker's lazily loaded venues", () => {
  it('loads a venue only when asked, and then it is the same adapter the static registry has', async () => {
    expect(loadedAdapter('zdex')).toBeUndefined();
    await loadAdapter('zdex');
    expect(loadedAdapter('zdex')).toBe(getAdapter('zdex'));
    expect(loadedAdapter('rails')).toBeUndefined();
  });
  it('lists exactly the venues the registry supports', async () => {
    expect(loadableVenues().sort()).toEqual(supportedVenues().sort());
    await loadAllAdapters();
    for (const venue of supportedVenues()) expect(loadedAdapter(venue)).toBe(getAdapter(venue));
  });
  it('a venue without code stays unknown, without throwing', async () => {
    await expect(loadAdapter('nasdaq')).resolves.toBeUndefined();
    await expect(loadAdapter('__proto__')).resolves.toBeUndefined();
  });
});
