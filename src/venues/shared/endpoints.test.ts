import { describe, expect, it } from 'vitest';
import { connectSources, connectionAddressProblems, isAllowedAddress, type VenueEndpoints } from './endpoints';

const VENUE: VenueEndpoints = { websocket: ['wss://ws.venue.example'], rest: ['https://api.venue.example'] };
const BROKER: VenueEndpoints = { websocket: ['wss://ws.broker.example:8443'], rest: [] };

describe('the allowed addresses of a venue', () => {
  it('allows a listed origin (scheme, host and port exactly) and loopback on both names', () => {
    expect(isAllowedAddress('wss://ws.venue.example/stream?market=BTC', 'websocket', VENUE)).toBe(true);
    expect(isAllowedAddress('wss://WS.Venue.Example:443/', 'websocket', VENUE)).toBe(true); // default port
    expect(isAllowedAddress('https://api.venue.example/api/v1', 'rest', VENUE)).toBe(true);
    expect(isAllowedAddress('wss://ws.broker.example:8443', 'websocket', BROKER)).toBe(true);
    for (const url of ['ws://127.0.0.1:9101/ws', 'ws://localhost:1', 'wss://127.0.0.1:4433'])
      expect(isAllowedAddress(url, 'websocket', VENUE), url).toBe(true);
    expect(isAllowedAddress('http://127.0.0.1:8787', 'relay', VENUE)).toBe(true);
  });

  it('refuses every other host, scheme, port or kind: what the page policy cannot name is not loopback', () => {
    const refused: [string, 'websocket' | 'rest' | 'relay'][] = [
      ['wss://evil.example/', 'websocket'],
      ['wss://ws.venue.example.evil.example/', 'websocket'],
      ['wss://evil.example/?x=ws.venue.example', 'websocket'],
      ['ws://ws.venue.example/', 'websocket'], // the listed host, but not its scheme
      ['wss://ws.venue.example:8443/', 'websocket'], // nor its port
      ['wss://ws.broker.example/', 'websocket'],
      ['https://api.venue.example/', 'websocket'], // a REST origin is not a WebSocket one
      ['wss://ws.venue.example/', 'rest'],
      ['ws://127.0.0.2:9101/', 'websocket'], // loopback, but a CSP source cannot name 127.0.0.0/8
      ['ws://[::1]:9101/', 'websocket'],
      ['https://relay.example:8787', 'relay'], // the relay runs on this machine
      ['https://api.venue.example', 'relay'],
      ['not a url', 'websocket'],
    ];
    for (const [url, kind] of refused) expect(isAllowedAddress(url, kind, VENUE), `${kind} ${url}`).toBe(false);
  });

  it('refuses a foreign host by validation, saying what to do and quoting only its origin', () => {
    const config = { venue: 'rails' as const, url: 'wss://evil.example/ws?token=secret-1', auth: {} };
    const [problem, ...rest] = connectionAddressProblems(config, VENUE);
    expect(rest).toEqual([]);
    expect(problem).toContain("url: this address (wss://evil.example) is not in the board's allowed list");
    expect(problem).toContain('wss://ws.venue.example');
    expect(problem).toContain('127.0.0.1 or localhost');
    expect(problem).toContain('src/venues/rails/endpoints.ts');
    expect(problem).not.toContain('secret-1');
    expect(problem).not.toContain('evil.example/ws');
  });

  it('checks the keyring relay and the REST address the connection would call, each by its field', () => {
    const config = {
      venue: 'scaletrade' as const,
      url: 'ws://127.0.0.1:9104',
      auth: { keyring: { url: 'http://127.0.0.2:8787', id: 'x', token: 'pairing-1' } },
    };
    const problems = connectionAddressProblems(config, BROKER, 'https://user:pw@broker.example/api');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^auth\.keyring\.url: this address \(http:\/\/127\.0\.0\.2:8787\) is not in the board's allowed list/,
    );
    expect(problems[0]).toContain('run the keyring relay on this machine');
    expect(problems[1]).toMatch(/^REST address: this address \(https:\/\/broker\.example\) is not/);
    expect(problems.join()).not.toMatch(/pairing-1|user:pw/);
    expect(connectionAddressProblems({ ...config, auth: {} }, BROKER, 'http://127.0.0.1:9104')).toEqual([]);
  });

  it('builds connect-src from the listed origins, each once, then loopback; no whole scheme', () => {
    expect(connectSources([VENUE, BROKER, { websocket: ['wss://ws.venue.example/path'], rest: [] }])).toEqual([
      'https://api.venue.example',
      'wss://ws.broker.example:8443',
      'wss://ws.venue.example',
      'ws://127.0.0.1:*',
      'ws://localhost:*',
      'wss://127.0.0.1:*',
      'wss://localhost:*',
      'http://127.0.0.1:*',
      'http://localhost:*',
      'https://127.0.0.1:*',
      'https://localhost:*',
    ]);
  });
});
