import { gzipSync } from 'node:zlib';

/** At most this many bytes of gzipped JavaScript before the first paint (issue 11: 200 KB). */
export const INITIAL_JS_BUDGET = 200_000;

/**
 * The scripts a built index.html makes the browser fetch before it can paint: the module entry
 * (`<script type="module" src>`) and every `<link rel="modulepreload">`, as paths without the
 * leading slash (as in the build output). Inline scripts (the theme) are counted by nobody: they are tiny.
 */
export function initialScripts(html: string): string[] {
  const files: string[] = [];
  for (const tag of html.match(/<script\b[^>]*>|<link\b[^>]*>/g) ?? []) {
    const isEntry = /^<script\b/.test(tag) && /\btype="module"/.test(tag);
    const isPreload = /^<link\b/.test(tag) && /\brel="modulepreload"/.test(tag);
    const ref = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if ((isEntry || isPreload) && ref !== undefined) files.push(ref.replace(/^\//, ''));
  }
  return files;
}

/** Gzipped size in bytes (level 9, as servers pre-compress). */
export function gzippedSize(code: string | Uint8Array): number {
  return gzipSync(code, { level: 9 }).length;
}
