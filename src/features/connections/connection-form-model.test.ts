import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import { configFromForm, formValuesFrom } from './connection-form-model';

const existing: ConnectionConfig = {
  id: 'rails-btc',
  label: 'Rails BTC',
  venue: 'rails',
  url: 'wss://ws.example/rails',
  auth: { token: 'secret-jwt' },
  options: { market: 'BTC-USDT' },
};

describe('connection form model', () => {
  it('never puts a secret back into the form', () => {
    const values = formValuesFrom(existing);
    expect(values.token).toBe('');
    expect(values.authJson).toBe('');
    expect(JSON.stringify(values)).not.toContain('secret-jwt');
    expect(JSON.parse(values.optionsJson)).toEqual({ market: 'BTC-USDT' });
  });

  it('keeps the existing auth when the secret fields are left empty', () => {
    const { config } = configFromForm({ ...formValuesFrom(existing), label: 'Renamed' }, existing);
    expect(config?.auth).toEqual({ token: 'secret-jwt' });
    expect(config?.label).toBe('Renamed');
  });

  it('takes a new token, or an auth JSON object over it', () => {
    const base = formValuesFrom(existing);
    expect(configFromForm({ ...base, token: ' new ' }, existing).config?.auth).toEqual({ token: 'new' });
    const keyring = '{"keyring":{"url":"http://127.0.0.1:8787","id":"rails-btc","token":"p"}}';
    expect(configFromForm({ ...base, token: 'ignored', authJson: keyring }, existing).config?.auth).toEqual(
      JSON.parse(keyring),
    );
  });

  it('reports options and auth that are not JSON objects', () => {
    const base = formValuesFrom();
    expect(configFromForm({ ...base, optionsJson: '[1]' }).problems).toEqual(['options must be a JSON object']);
    expect(configFromForm({ ...base, optionsJson: '{' }).problems).toEqual(['options is not valid JSON']);
    expect(configFromForm({ ...base, authJson: '"x"' }).problems).toEqual(['auth must be a JSON object']);
  });

  it('never quotes the broken JSON of a secret field back', () => {
    const { problems } = configFromForm({
      ...formValuesFrom(),
      authJson: '{"token": sk-live-4242 <img src=x onerror=alert(1)>}',
    });
    expect(problems).toEqual(['auth is not valid JSON']);
    expect(problems.join(' ')).not.toMatch(/sk-live|onerror/);
  });

  it('uses the id as label when none is given, and empty options as {}', () => {
    const { config } = configFromForm({
      ...formValuesFrom(),
      id: 'zdex-main',
      venue: 'zdex',
      url: 'wss://z',
      optionsJson: '  ',
    });
    expect(config).toEqual({
      id: 'zdex-main',
      label: 'zdex-main',
      venue: 'zdex',
      url: 'wss://z',
      auth: {},
      options: {},
    });
  });
});
