import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { TRUSTED_TYPES_POLICY } from '../src/app/trusted-types.ts';
import { allowedConnectSources } from '../src/venues/endpoints.ts';

/**
 * The Content Security Policy (docs/contract.md section 3b), one source for both deliveries:
 * - `vite build` writes it into index.html as a meta tag, with the sha256 of each inline script and
 *   style of that very file (the theme script runs before the first paint, so it stays inline);
 * - `vite preview` (and so `npm start`) sends the built file's policy as a header on every response,
 *   plus `frame-ancestors 'none'`, which a meta tag cannot carry.
 * The dev server sends none: Vite's HMR client and React Refresh inject inline module scripts.
 *
 * connect-src lists exactly what connections may reach: every venue's documented addresses (each venue
 * folder's `endpoints.ts`, collected by src/venues/endpoints.ts) and loopback (simulators, the keyring
 * relay, dev) on the two names a CSP source can give it (127.0.0.1 and localhost, any port: a source
 * cannot name an address range or an IPv6 literal). No whole scheme (`ws:`, `wss:`): the same list is
 * checked when a connection is saved or started, so an unlisted address is refused there with a reason.
 */

export function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The contents of every inline (no `src`) `<script>` and of every `<style>` element. */
export function inlineBlocks(html: string): { scripts: string[]; styles: string[] } {
  const scripts = [...html.matchAll(/<script\b(?![^>]*\ssrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1] ?? '');
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1] ?? '');
  return { scripts, styles };
}

/** The policy for a page whose inline scripts and styles are these. */
export function contentSecurityPolicy(blocks: { scripts: string[]; styles: string[] }): string {
  const hashes = (texts: string[]) => texts.map(sha256Source);
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", ...hashes(blocks.scripts)],
    // React sets style properties through the CSSOM, which style-src does not govern; no inline style attribute.
    ['style-src', "'self'", ...hashes(blocks.styles)],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...allowedConnectSources()],
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-src', "'none'"],
    // Venue strings are rendered as text: no string may reach an HTML or script sink. The one policy
    // (src/app/trusted-types.ts) passes the ingest worker's same-origin script URL.
    ['require-trusted-types-for', "'script'"],
    ['trusted-types', TRUSTED_TYPES_POLICY],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/** The header adds what only a header can say. */
export function headerPolicy(metaPolicy: string): string {
  return `${metaPolicy}; frame-ancestors 'none'`;
}

const META = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"\s*\/?>/i;

export function policyOfHtml(html: string): string | undefined {
  return META.exec(html)?.[1];
}

/** Vite plugin: the meta tag at build time, the header in `vite preview`. */
export function contentSecurityPolicyPlugin(): Plugin {
  return {
    name: 'venueboard-csp',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (ctx.server) return html; // dev server: no policy (see above)
        const policy = contentSecurityPolicy(inlineBlocks(html));
        // First in <head>, after the charset: a meta policy governs only what follows it.
        const charset = /(<meta charset="[^"]*"\s*\/?>)/i;
        if (!charset.test(html)) throw new Error('index.html needs <meta charset> first in <head> for the CSP tag');
        return html.replace(charset, `$1\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
      },
    },
    configurePreviewServer(server) {
      const index = resolve(server.config.root, server.config.build.outDir, 'index.html');
      const policy = policyOfHtml(readFileSync(index, 'utf8'));
      if (policy === undefined) throw new Error(`${index} carries no Content-Security-Policy meta tag: build it first`);
      const header = headerPolicy(policy);
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', header);
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Referrer-Policy', 'no-referrer');
        next();
      });
    },
  };
}
