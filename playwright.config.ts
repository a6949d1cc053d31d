import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/**
 * Port and build folder of the app under test. The defaults are what CI uses; E2E_PORT and E2E_DIST let
 * two suites run side by side on one machine (each built with `vite build --outDir <E2E_DIST>`).
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
const E2E_DIST = process.env.E2E_DIST ?? 'dist';
const APP_URL = `http://127.0.0.1:${E2E_PORT}`;

/** Debian's Chromium: Playwright cannot download its own browser on these machines. */
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  testIgnore: '**/tour.spec.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  outputDir: E2E_PORT === 4173 ? 'test-results' : `test-results-${E2E_PORT}`,
  reporter: [['list']],
  use: {
    baseURL: APP_URL,
    viewport: { width: 1600, height: 1000 },
    launchOptions: chromiumLaunch,
    acceptDownloads: true,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${E2E_PORT} --strictPort --outDir ${E2E_DIST}`,
    url: APP_URL,
    cwd: ROOT,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
