import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

/** `npm run demo:tour`: the scripted tour of the demo profile, screenshots under demo/. */
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'tour.spec.ts',
  testIgnore: [],
  // Relative to this folder: keep Playwright's output with the main suite's, outside e2e/.
  outputDir: '../test-results/tour',
});
