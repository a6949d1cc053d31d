import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { VenueId } from '../../domain/types';
import type { VenueFormDescriptor } from '../../venues/form-descriptor';
import { loadFormDescriptors } from '../../venues/form-descriptors';
import {
  authKey,
  configFromForm,
  formValuesFrom,
  optionKey,
  switchVenue,
  type ConnectionFormValues,
} from './connection-form-model';

const descriptors = await loadFormDescriptors();
const descriptor = (venue: VenueId): VenueFormDescriptor => descriptors.find((d) => d.venue === venue)!;
const zdexFormDescriptor = descriptor('zdex');
const railsFormDescriptor = descriptor('rails');
const scaletradeFormDescriptor = descriptor('scaletrade');

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0In0.c2ln';

function zdexValues(change: Partial<ConnectionFormValues> = {}, fields: Record<string, string | boolean> = {}) {
  const v = formValuesFrom(zdexFormDescriptor);
  return { ...v, ...change, fields: { ...v.fields, [authKey('pasted.token')]: JWT, ...fields } };
}

const messages = (r: { problems: { message: string }[] }) => r.problems.map((p) => p.message);

describe('the guided form', () => {
  it("starts from the venue's defaults", () => {
    const v = formValuesFrom(zdexFormDescriptor);
    expect(v).toMatchObject({ id: 'zdex-main', venue: 'zdex', url: 'wss://api.zdex.world/ws', authMethod: 0 });
    expect(v.fields[optionKey('symbols')]).toBe('BTCUSDT');
    expect(v.fields[authKey('pasted.token')]).toBe('');
  });

  it('makes the config the venue expects from typed fields (lists split, numbers as numbers, switches)', () => {
    const built = configFromForm(
      zdexValues({}, { [optionKey('symbols')]: 'btcusdt,  ETHUSDT\nSOLUSDT' }),
      zdexFormDescriptor,
    );
    expect(built.problems).toEqual([]);
    expect(built.config).toEqual({
      id: 'zdex-main',
      label: 'ZDEX',
      venue: 'zdex',
      url: 'wss://api.zdex.world/ws',
      auth: { token: JWT },
      options: { symbols: ['btcusdt', 'ETHUSDT', 'SOLUSDT'] },
    });
    // ScaleTrade is white-label: no broker host is in the allowed list until a deployment adds it.
    const st = { ...formValuesFrom(scaletradeFormDescriptor), url: 'ws://127.0.0.1:9103' };
    st.fields[optionKey('login')] = ' 2000009 ';
    st.fields[authKey('pasted.token')] = JWT;
    expect(configFromForm(st, scaletradeFormDescriptor).config?.options).toEqual({
      login: 2000009,
      symbols: [],
      currency: 'USD',
    });
    const rails = formValuesFrom(railsFormDescriptor);
    rails.fields[optionKey('standby')] = false;
    rails.fields[authKey('keyring.token')] = 'pairing';
    expect(configFromForm(rails, railsFormDescriptor).config).toMatchObject({
      auth: { keyring: { url: 'http://127.0.0.1:8787', id: 'rails-btc', token: 'pairing' } },
      options: { market: 'BTC-USDT', standby: false },
    });
  });

  it('explains a wrong address in plain words and says what to do', () => {
    for (const url of ['https://api.zdex.world/ws', 'api.zdex.world/ws'])
      expect(configFromForm(zdexValues({ url }), zdexFormDescriptor).problems).toEqual(
        [{ field: 'url', message: 'The URL must start with wss:// (or ws:// for a local simulator).' }].map((p) =>
          url.startsWith('https') ? p : { ...p, message: expect.stringContaining('must start with wss://') },
        ),
      );
    expect(messages(configFromForm(zdexValues({ url: 'ws://api.zdex.world/ws' }), zdexFormDescriptor))).toEqual([
      'Use wss:// for api.zdex.world: ws:// is unencrypted and only allowed for a simulator or relay on this computer.',
    ]);
    expect(configFromForm(zdexValues({ url: 'ws://127.0.0.1:7104/ws' }), zdexFormDescriptor).problems).toEqual([]);
  });

  it('names the field, never a JSON path, for missing and wrong values', () => {
    const missing = configFromForm(
      zdexValues({ id: 'Main Account' }, { [authKey('pasted.token')]: '' }),
      zdexFormDescriptor,
    );
    expect(missing.problems).toEqual([
      { field: 'id', message: expect.stringContaining('lower-case letters, digits and "-" (for example zdex-main)') },
      { field: authKey('pasted.token'), message: 'Paste the ZDEX session token (JWT) from the ZDEX web app.' },
    ]);
    const st = formValuesFrom(scaletradeFormDescriptor);
    st.fields[optionKey('login')] = 'abc';
    st.fields[authKey('pasted.token')] = JWT;
    expect(messages(configFromForm(st, scaletradeFormDescriptor))).toEqual([
      'Trading account must be a whole number, for example 2000009.',
    ]);
    // The venue's own check, reworded: the label instead of options.symbols[1].
    const wrong = configFromForm(zdexValues({}, { [optionKey('symbols')]: 'BTCUSDT, BTC/USDT' }), zdexFormDescriptor);
    expect(wrong.problems).toEqual([
      { field: optionKey('symbols'), message: 'Markets, entry 2, must be a symbol such as "BTCUSDT", got "BTC/USDT"' },
    ]);
    for (const m of [...messages(missing), ...messages(wrong)]) expect(m).not.toMatch(/options\.|auth\.|\[\d\]/);
  });

  it('refuses an id already in use when adding, not the one being edited', () => {
    expect(messages(configFromForm(zdexValues(), zdexFormDescriptor, undefined, ['zdex-main']))).toEqual([
      'There is already a connection named zdex-main: choose another name.',
    ]);
    const existing = configFromForm(zdexValues(), zdexFormDescriptor).config!;
    expect(configFromForm(zdexValues(), zdexFormDescriptor, existing, ['zdex-main']).problems).toEqual([]);
  });

  it('never shows a secret back, and an empty secret keeps the current one when editing', () => {
    const existing: ConnectionConfig = {
      id: 'zdex-main',
      label: 'Perps',
      venue: 'zdex',
      url: 'ws://127.0.0.1:7104/ws',
      auth: { token: JWT },
      options: { symbols: ['BTCUSDT', 'ETHUSDT'] },
    };
    const v = formValuesFrom(zdexFormDescriptor, existing);
    expect(JSON.stringify(v)).not.toContain(JWT);
    expect(v.fields[optionKey('symbols')]).toBe('BTCUSDT, ETHUSDT');
    expect(configFromForm(v, zdexFormDescriptor, existing).config).toEqual(existing);
    v.fields[authKey('pasted.token')] = 'eyJ.new.token';
    expect(configFromForm(v, zdexFormDescriptor, existing).config?.auth).toEqual({ token: 'eyJ.new.token' });
  });

  it('lets advanced JSON replace the fields, and refuses JSON that is not an object without quoting it', () => {
    const built = configFromForm(zdexValues({ optionsJson: '{"symbols": []}' }), zdexFormDescriptor);
    expect(built.config?.options).toEqual({ symbols: [] });
    const bad = configFromForm(zdexValues({ authJson: '{"token": "secret-value' }), zdexFormDescriptor);
    expect(messages(bad)).toEqual(['The auth JSON is not a JSON object: fix it or empty the box.']);
    expect(JSON.stringify(bad)).not.toContain('secret-value');
  });

  it('switching venue brings the new defaults and keeps a name the user typed', () => {
    const typed = { ...formValuesFrom(zdexFormDescriptor), id: 'my-perps' };
    const next = switchVenue(typed, zdexFormDescriptor, railsFormDescriptor);
    expect(next).toMatchObject({ id: 'my-perps', venue: 'rails', url: 'wss://ws.trade.rails.xyz', label: 'Rails' });
    expect(switchVenue(formValuesFrom(zdexFormDescriptor), zdexFormDescriptor, railsFormDescriptor).id).toBe(
      'rails-btc',
    );
  });

  it("refuses an address outside the board's allowed list, saying what to do, and makes no config", () => {
    const refused = configFromForm(zdexValues({ url: 'wss://evil.example/ws' }), zdexFormDescriptor);
    expect(refused.config).toBeUndefined();
    expect(refused.problems).toHaveLength(1);
    expect(refused.problems[0]!.field).toBe('url');
    expect(refused.problems[0]!.message).toMatch(
      /^This address \(wss:\/\/evil\.example\) is not in the board's allowed list/,
    );
    expect(refused.problems[0]!.message).toContain('src/venues/zdex/endpoints.ts');
    // The venue's documented host and loopback (the simulators) are accepted: the controls.
    expect(configFromForm(zdexValues(), zdexFormDescriptor).problems).toEqual([]);
    expect(configFromForm(zdexValues({ url: 'ws://127.0.0.1:9104/ws' }), zdexFormDescriptor).problems).toEqual([]);
  });
});
