/**
 * `npm start`: every venue simulator plus the dashboard (Vite dev server). The dashboard opens on the
 * demo profile, served by the dev server at /demo-profile.json with the simulators' demo credentials.
 */
import type { Plugin } from 'vite';
import { createServer } from 'vite';
import { startSimulator } from '../sim/index';
import { demoProfile } from './demo-profile';
import { provision } from './provision';

function serveDemoProfile(profileJson: string): Plugin {
  return {
    name: 'venueboard-demo-profile',
    configureServer(server) {
      server.middlewares.use('/demo-profile.json', (_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('Cache-Control', 'no-store');
        res.end(profileJson);
      });
    },
  };
}

async function main(): Promise<void> {
  if (provision() !== 0) process.exit(1);
  const sim = await startSimulator({ seed: Number(process.env.SIM_SEED ?? 1) });
  console.log(`simulator control  ${sim.control}`);
  for (const [venue, url] of Object.entries(sim.urls)) if (venue !== 'control') console.log(`simulator ${venue.padEnd(9)}${url}`);

  const server = await createServer({ plugins: [serveDemoProfile(JSON.stringify(demoProfile(sim)))] });
  await server.listen();
  const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
  console.log(`\nVenueboard dashboard: ${base}?profile=/demo-profile.json\n`);

  const stop = async () => {
    await server.close();
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
