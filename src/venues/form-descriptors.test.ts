import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../domain/connection-config';
import type { FieldDescriptor, VenueFormDescriptor } from './form-descriptor';
import { formVenues, loadFormDescriptors } from './form-descriptors';
import { supportedVenues } from './registry';

/** A JWT-shaped token (header.payload.signature) that no venue would accept, but every check can parse. */
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';

/** What a user who only fills the required fields gets: defaults, else the field's example. */
function valueOf(field: FieldDescriptor): unknown {
  if (field.default !== undefined) return Array.isArray(field.default) ? [...field.default] : field.default;
  if (field.kind === 'secret') return field.required ? TOKEN : undefined;
  if (!field.required) return undefined;
  if (field.placeholder === undefined) throw new Error(`${field.key}: required, with neither a default nor an example`);
  return field.kind === 'number' ? Number(field.placeholder) : field.placeholder;
}

function defaultsConfig(d: VenueFormDescriptor, methodIndex: number): ConnectionConfig {
  const options: Record<string, unknown> = {};
  for (const f of d.options) {
    const v = valueOf(f);
    if (v !== undefined) options[f.key] = v;
  }
  const method = d.auth[methodIndex]!;
  const fields: Record<string, unknown> = {};
  for (const f of method.fields) {
    const v = valueOf(f);
    if (v !== undefined) fields[f.key] = v;
  }
  // A keyring reference's id must match the bridge path (Roxom): the defaults agree.
  return {
    id: d.suggestedId,
    label: d.displayName,
    venue: d.venue,
    url: d.url.default,
    auth: method.kind === 'keyring' ? { keyring: fields } : fields,
    options,
  };
}

describe('venue form descriptors', async () => {
  const descriptors = await loadFormDescriptors();

  it('cover every venue the worker supports, once', () => {
    expect([...formVenues()].sort()).toEqual([...supportedVenues()].sort());
    expect(descriptors.map((d) => d.venue)).toEqual(formVenues());
  });

  for (const d of descriptors) {
    describe(d.venue, () => {
      d.auth.forEach((method, i) => {
        it(`defaults pass the venue's own checks (${method.label})`, () => {
          expect(d.check(defaultsConfig(d, i))).toEqual([]);
        });
      });

      it('has help for every field, the URL and every way of signing in, and says how it connects', () => {
        const fields = [...d.options, ...d.auth.flatMap((m) => m.fields)];
        for (const f of fields) expect(f.help.length, `${f.key}'s help`).toBeGreaterThan(15);
        for (const m of d.auth) expect(m.help.length).toBeGreaterThan(15);
        expect(d.url.help.length).toBeGreaterThan(15);
        expect(d.connects.length).toBeGreaterThan(40);
        expect(d.connects).toMatch(/relay|token/i);
      });

      it('offers select fields with their default among the choices', () => {
        for (const f of d.options.filter((o) => o.kind === 'select')) {
          expect(f.choices?.map((c) => c.value)).toContain(f.default);
        }
      });

      it('defaults to a WebSocket URL, encrypted unless it is on this computer', () => {
        const url = new URL(d.url.default);
        expect(['wss:', 'ws:']).toContain(url.protocol);
        if (url.protocol === 'ws:') expect(url.hostname).toBe('127.0.0.1');
        for (const p of d.url.presets) expect(new URL(p.url).hostname).toBe('127.0.0.1');
      });

      it('keeps every secret field a secret (never shown back)', () => {
        for (const m of d.auth)
          for (const f of m.fields.filter((x) => /token|signature|apiKey/.test(x.key))) expect(f.kind).toBe('secret');
      });
    });
  }

  it("refuses what the venue refuses: the check is the venue's own (ZDEX without a token)", () => {
    const zdex = descriptors.find((d) => d.venue === 'zdex')!;
    const config = defaultsConfig(zdex, 0);
    expect(zdex.check({ ...config, auth: {} })).toEqual([expect.stringMatching(/^auth\.token is required/)]);
    expect(zdex.check({ ...config, options: { symbols: ['btc usd'] } })).toEqual([
      expect.stringMatching(/^options\.symbols\[0\]/),
    ]);
  });
});
