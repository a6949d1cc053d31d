import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

/** `npm run demo:tour`: the scripted tour of the demo profile, screenshots under demo/. */
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'tour.spec.ts',
  testIgnore: [],
});
