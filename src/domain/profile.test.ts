import { describe, expect, it } from 'vitest';
import { parseProfile, serializeProfile } from './profile';

const profile = {
  format: 'venueboard.connections/v1',
  connections: [
    {
      id: 'zdex-main',
      label: 'ZDEX',
      venue: 'zdex',
      url: 'ws://127.0.0.1:7104/ws',
      auth: { token: 'secret-jwt' },
      options: { symbols: ['BTCUSDT'] },
    },
    {
      id: 'rails-btc',
      label: 'Rails',
      venue: 'rails',
      url: 'wss://ws.trade.rails.xyz',
      auth: { keyring: { url: 'http://127.0.0.1:8787', id: 'rails-btc', token: 'pairing' } },
      options: {},
    },
  ],
};

describe('profiles', () => {
  it('reads the contract example and round-trips it with secrets when asked', () => {
    const { connections, problems } = parseProfile(JSON.stringify(profile));
    expect(problems).toEqual([]);
    expect(JSON.parse(serializeProfile(connections, true))).toEqual(profile);
  });

  it('leaves secrets out of an export by default, and that export imports back', () => {
    const { connections } = parseProfile(JSON.stringify(profile));
    const text = serializeProfile(connections, false);
    expect(text).not.toContain('secret-jwt');
    expect(text).not.toContain('pairing');
    expect(JSON.parse(text).connections[1].auth).toEqual({
      keyring: { url: 'http://127.0.0.1:8787', id: 'rails-btc' },
    });
    const again = parseProfile(text);
    expect(again.problems).toEqual([]);
    expect(again.connections.map((c) => c.id)).toEqual(['zdex-main', 'rails-btc']);
  });

  it('leaves credentials in a URL out of an export without secrets (the relay pairing token of a Roxom bridge URL)', () => {
    const roxom = {
      id: 'roxom-main',
      label: 'Roxom',
      venue: 'roxom',
      url: 'ws://127.0.0.1:8787/ws/roxom-main?token=pairing-in-url&depth=5',
      auth: {},
      options: {},
    };
    const { connections } = parseProfile(JSON.stringify({ ...profile, connections: [roxom] }));
    const text = serializeProfile(connections, false);
    expect(text).not.toContain('pairing-in-url');
    expect(JSON.parse(text).connections[0].url).toBe('ws://127.0.0.1:8787/ws/roxom-main?depth=5');
    expect(JSON.parse(serializeProfile(connections, true)).connections[0].url).toBe(roxom.url);
  });

  it('reports every problem clearly and keeps the valid connections', () => {
    const bad = {
      format: 'venueboard.connections/v1',
      connections: [profile.connections[0], { id: 'Bad Id', venue: 'nope', url: 'http://x' }, profile.connections[0]],
    };
    const { connections, problems } = parseProfile(JSON.stringify(bad));
    expect(connections.map((c) => c.id)).toEqual(['zdex-main']);
    expect(problems).toEqual([
      'connections[1].venue: must be one of roxom, coinswitch, rails, scaletrade, zdex, desk',
      'connections[1].id: must be lower-case letters, digits and "-" only ([a-z0-9-]+)',
      'connections[1].url: must be a ws:// or wss:// URL',
      'connections[2].id: must be unique (connections[0] has the same id)',
    ]);
  });

  it('rejects a wrong format or broken JSON', () => {
    expect(parseProfile('{').problems).toEqual(['the profile is not valid JSON']);
    expect(parseProfile('{"format":"other/v1","connections":[]}').problems).toEqual([
      'format: must be "venueboard.connections/v1"',
    ]);
    expect(parseProfile('[]').problems).toEqual([
      'the profile: must be a JSON object { "format": "venueboard.connections/v1", "connections": [...] }',
    ]);
  });
});
