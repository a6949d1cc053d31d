import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VENUE_ENDPOINTS } from '../src/venues/endpoints';
import { contentSecurityPolicy, headerPolicy, inlineBlocks, policyOfHtml, sha256Source } from './csp';

const THEME = "\n      document.documentElement.dataset.theme = 'dark';\n    ";
const STYLE = 'html{background:#0b0e12}';
const HTML = `<!doctype html><html><head><meta charset="UTF-8" />
<script>${THEME}</script><style>${STYLE}</style>
<script type="module" crossorigin src="/assets/index-abc.js"></script>
</head><body><div id="root"></div></body></html>`;

describe('the Content Security Policy', () => {
  it('hashes exactly the inline script and style text, never a script with src', () => {
    expect(inlineBlocks(HTML)).toEqual({ scripts: [THEME], styles: [STYLE] });
    const expected = createHash('sha256').update(THEME).digest('base64');
    expect(sha256Source(THEME)).toBe(`'sha256-${expected}'`);
  });

  it('allows no inline script or eval, no plugins, no <base>, and only same-origin workers', () => {
    const policy = contentSecurityPolicy(inlineBlocks(HTML));
    const directives = new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'", sha256Source(THEME)]);
    expect(directives.get('style-src')).toEqual(["'self'", sha256Source(STYLE)]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(directives.get('require-trusted-types-for')).toEqual(["'script'"]);
    expect(directives.get('connect-src')).toEqual([
      "'self'",
      'https://user-account.sandbox.rails.xyz',
      'https://user-account.trade.rails.xyz',
      'wss://api.zdex.world',
      'wss://pc-nats-prod.coinswitch.co',
      'wss://ws.sandbox.rails.xyz',
      'wss://ws.trade.rails.xyz',
      'ws://127.0.0.1:*',
      'ws://localhost:*',
      'wss://127.0.0.1:*',
      'wss://localhost:*',
      'http://127.0.0.1:*',
      'http://localhost:*',
      'https://127.0.0.1:*',
      'https://localhost:*',
    ]);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|frame-ancestors/);
  });

  it('sends frame-ancestors only in the header, and reads the policy back from the built page', () => {
    const policy = contentSecurityPolicy(inlineBlocks(HTML));
    const built = HTML.replace(
      '<meta charset="UTF-8" />',
      `<meta charset="UTF-8" /><meta http-equiv="Content-Security-Policy" content="${policy}" />`,
    );
    expect(policyOfHtml(built)).toBe(policy);
    expect(headerPolicy(policy)).toBe(`${policy}; frame-ancestors 'none'`);
    expect(policyOfHtml(HTML)).toBeUndefined();
  });

  it('connect-src has no whole scheme or wildcard host: only listed venue origins and loopback', () => {
    const connect = connectSrc();
    expect(connect.filter((source) => /^[a-z-]+:$/.test(source) || source === '*')).toEqual([]);
    // A port wildcard only on the two loopback names; no host wildcard (`*.example`) at all.
    expect(
      connect.filter((source) => source.includes('*') && !/^[a-z]+:\/\/(127\.0\.0\.1|localhost):\*$/.test(source)),
    ).toEqual([]);
  });

  it("every address a venue folder declares is in connect-src, and each venue's documented browser endpoints are declared", () => {
    const connect = connectSrc();
    for (const [venue, endpoints] of Object.entries(VENUE_ENDPOINTS))
      for (const origin of [...endpoints.websocket, ...endpoints.rest])
        expect(connect, `${venue}: ${origin}`).toContain(new URL(origin).origin);
    // The addresses the venues' docs give for what the browser opens itself (docs/venues/*.md).
    expect(VENUE_ENDPOINTS.rails.websocket).toContain('wss://ws.trade.rails.xyz');
    expect(VENUE_ENDPOINTS.rails.rest).toContain('https://user-account.trade.rails.xyz');
    expect(VENUE_ENDPOINTS.rails.rest).toContain('https://user-account.sandbox.rails.xyz');
    expect(VENUE_ENDPOINTS.coinswitch.websocket).toContain('wss://pc-nats-prod.coinswitch.co');
    expect(VENUE_ENDPOINTS.zdex.websocket).toContain('wss://api.zdex.world');
    // Roxom's own hosts are reached only by the relay; the page never needs them.
    expect(connect.some((source) => source.includes('roxom'))).toBe(false);
  });
});

function connectSrc(): string[] {
  const policy = contentSecurityPolicy(inlineBlocks(HTML));
  const directive = policy.split('; ').find((d) => d.startsWith('connect-src '));
  return directive?.split(' ').slice(1) ?? [];
}
