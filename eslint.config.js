import { readdirSync } from 'node:fs';
import { URL } from 'node:url';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layering (docs/architecture.md): domain <- venues <- ingest <- store <- features/components <- app.
 * A layer may import only from layers to its left; the rules below make a wrong-way import a lint error.
 */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }],
  },
});

/** The sub-folders of `dir` (relative to the repository root), read when lint starts. */
const foldersOf = (dir) =>
  readdirSync(new URL(dir, import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

/**
 * Sibling folders keep to themselves: a file in `<parent>/<a>/` may not import `<parent>/<b>/` for any
 * sibling `b`, except the folders in `open` (the shared code) and files directly in `<parent>`
 * (src/venues/registry.ts, types.ts). `open` folders may import no sibling either.
 */
const siblingZones = (parent, open) =>
  foldersOf(parent).map((name) => ({
    target: `./${parent}/${name}`,
    from: foldersOf(parent)
      .filter((other) => other !== name && !open.includes(other))
      .map((other) => `./${parent}/${other}`),
    message: open.includes(name)
      ? `${parent}/${name} is shared code: it may not import a sibling folder`
      : `${parent}/${name} may not import a sibling folder: shared code goes to ${parent}/${open[0]}`,
  }));

/**
 * The shape of the tree (docs/architecture.md): no venue folder imports another (only src/venues/shared,
 * registry.ts and types.ts), no feature folder imports another (only src/features/shared), and no import
 * cycle anywhere in src/. Proven by src/lint-shape.test.ts.
 */
const shapeRules = {
  files: ['src/**/*.{ts,tsx}'],
  plugins: { 'import-x': importX },
  settings: {
    'import-x/extensions': ['.ts', '.tsx', '.js'],
    'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
  },
  rules: {
    'import-x/no-restricted-paths': [
      'error',
      { zones: [...siblingZones('src/venues', ['shared']), ...siblingZones('src/features', ['shared'])] },
    ],
    'import-x/no-cycle': ['error', { ignoreExternal: true }],
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-*/**',
      'test-results-*/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'demo/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/use-*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // Scripts, simulators, the relay and benches are Node programs that talk to the terminal.
  { files: ['sim/**', 'relay/**', 'collector/**', 'bench/**', 'scripts/**', 'e2e/**'], rules: { 'no-console': 'off' } },
  layer(
    ['src/domain/**'],
    [
      '**/venues/**',
      '**/ingest/**',
      '**/store/**',
      '**/features/**',
      '**/components/**',
      '**/app/**',
      'react',
      'zustand',
    ],
    'domain depends on nothing above it',
  ),
  layer(
    ['src/venues/**'],
    ['**/ingest/**', '**/store/**', '**/features/**', '**/components/**', '**/app/**', 'react', 'zustand'],
    'venues may use only domain',
  ),
  layer(
    ['src/ingest/**'],
    ['**/store/**', '**/features/**', '**/components/**', '**/app/**', 'react', 'zustand'],
    'ingest may use only domain and venues',
  ),
  layer(
    ['src/store/**'],
    ['**/venues/**', '**/features/**', '**/components/**', '**/app/**'],
    'store sees domain and the ingest protocol, never a venue',
  ),
  layer(
    ['src/components/**'],
    ['**/venues/**', '**/ingest/**', '**/features/**', '**/app/**'],
    'shared components know nothing of venues, ingest or features',
  ),
  layer(
    ['src/features/**'],
    ['**/venues/*/**', '**/ingest/worker*', '**/app/**'],
    'features never touch a venue folder or the worker',
  ),
  // The app composes the page: features, components, the store, the domain, and the ingest worker
  // (its protocol and its URL). Venues run only inside the worker; the Node programs stay outside.
  // Its integration tests (*.test.ts, testing/) drive whole pipelines and may use all of them.
  {
    ...layer(
      ['src/app/**'],
      ['**/venues/**', '**/sim/**', '**/relay/**', '**/scripts/**', '**/e2e/**', '**/bench/**'],
      'the app composes features, components, store, domain and the ingest worker; never a venue or a Node program',
    ),
    ignores: ['src/app/**/*.test.ts', 'src/app/**/*.test.tsx', 'src/app/testing/**'],
  },
  shapeRules,
  layer(
    ['sim/**'],
    [
      '**/src/venues/*/codec*',
      '**/src/venues/*/normalize*',
      '**/src/venues/*/session*',
      '**/src/ingest/**',
      '**/src/store/**',
    ],
    'the simulator may share wire types, never the codec it is meant to check',
  ),
);
