/**
 * `npm start`: every venue simulator (a real nats-server for CoinSwitch), the keyring relay with the
 * simulators' demo keys, and the dashboard. The dashboard is built for production and served by
 * Vite's preview server (React's development build is several times slower with large tables); it
 * opens on the demo profile, served at /demo-profile.json. `npm run dev` is the hot-reloading variant.
 */
import type { Connect, Plugin } from 'vite';
import { build, createServer, preview } from 'vite';
import { startRelay } from '../relay/index';
import { startSimulator } from '../sim/index';
import { writeDemoKeyring } from './demo-keyring';
import { demoProfile } from './demo-profile';
import { provision } from './provision';

function serveDemoProfile(profileJson: string): Plugin {
  const handler: Connect.NextHandleFunction = (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.end(profileJson);
  };
  return {
    name: 'venueboard-demo-profile',
    configureServer: (server) => void server.middlewares.use('/demo-profile.json', handler),
    configurePreviewServer: (server) => void server.middlewares.use('/demo-profile.json', handler),
  };
}

async function main(): Promise<void> {
  if (provision() !== 0) process.exit(1);
  const dev = process.argv.includes('--dev');
  const sim = await startSimulator({ seed: Number(process.env.SIM_SEED ?? 1) });
  console.log(`simulator control  ${sim.control}`);
  for (const [venue, url] of Object.entries(sim.urls))
    if (venue !== 'control') console.log(`simulator ${venue.padEnd(11)}${url}`);

  const port = 5173;
  const keyring = writeDemoKeyring(sim, '127.0.0.1:8787', [`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const relay = await startRelay(keyring.configPath);
  console.log(`keyring relay      ${relay.url} (config ${keyring.configPath})`);

  const plugins = [serveDemoProfile(JSON.stringify(demoProfile(sim, relay.url, keyring.pairingToken)))];
  let close: () => Promise<void>;
  let base: string;
  if (dev) {
    const server = await createServer({ plugins });
    await server.listen();
    base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
    close = () => server.close();
  } else {
    await build({ logLevel: 'warn' });
    const server = await preview({ plugins, preview: { port } });
    base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
    close = () => new Promise((resolve) => server.httpServer.close(() => resolve()));
  }
  console.log(`\nVenueboard dashboard: ${base}?profile=/demo-profile.json\n`);

  const stop = async () => {
    await close();
    await relay.stop();
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
