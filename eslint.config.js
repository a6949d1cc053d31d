import js from '@eslint/js';
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
