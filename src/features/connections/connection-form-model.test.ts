import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import { configFromForm, formValuesFrom } from './connection-form-model';

const existing: ConnectionConfig = {
  id: 'rails-btc',
  label: 'Rails BTC',
  venue: 'rails',
  url: 'wss://ws.trade.rails.xyz',
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
      url: 'wss://api.zdex.world/ws',
      optionsJson: '  ',
    });
    expect(config).toEqual({
      id: 'zdex-main',
      label: 'zdex-main',
      venue: 'zdex',
      url: 'wss://api.zdex.world/ws',
      auth: {},
      options: {},
    });
  });

  it("refuses an address outside the board's allowed list, saying what to do, and no config comes out", () => {
    const values = { ...formValuesFrom(existing), url: 'wss://evil.example/ws' };
    const { config, problems } = configFromForm(values, existing);
    expect(config).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^url: this address \(wss:\/\/evil\.example\) is not in the board's allowed list/);
    expect(problems[0]).toContain('wss://ws.trade.rails.xyz');
    expect(problems[0]).toContain('src/venues/rails/endpoints.ts');
    // The keyring relay must be on this machine under a name the policy lists.
    const relay = configFromForm(
      {
        ...formValuesFrom(existing),
        authJson: '{"keyring":{"url":"http://127.0.0.2:8787","id":"rails-btc","token":"p"}}',
      },
      existing,
    );
    expect(relay.problems[0]).toMatch(/^auth\.keyring\.url: this address \(http:\/\/127\.0\.0\.2:8787\) is not/);
    // Loopback (the simulators) and the venue's documented host are accepted: the controls.
    expect(configFromForm({ ...values, url: 'ws://127.0.0.1:9103' }, existing).problems).toEqual([]);
    expect(configFromForm(formValuesFrom(existing), existing).problems).toEqual([]);
  });
});
