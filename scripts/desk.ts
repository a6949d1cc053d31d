/**
 * `npm run desk` (docs/contract.md sections 1 and 5): desk mode on its embedded default. Every venue
 * simulator, a `nats-server` with JetStream in a temporary store, the collector on the demo accounts
 * (credentials from the demo keyring's relay config, run by the collector itself), and the dashboard
 * served by Vite's preview server, opening on the desk profile at /desk-profile.json.
 *
 * Environment: DESK_PORT (default 5174), DESK_OUT_DIR (the build folder, default dist-desk-mode).
 */
import { preview, build, type Connect, type Plugin } from 'vite';
import { startCollector } from '../collector/collector';
import { parseCollectorConfig } from '../collector/config';
import { JetStreamServer } from '../collector/jetstream-server';
import { startSimulator } from '../sim/index';
import type { ConnectionProfile } from '../src/domain/connection-config';
import { writeDemoKeyring } from './demo-keyring';
import { demoProfile } from './demo-profile';
import { provision } from './provision';

export const DESK_STREAM = 'VENUEBOARD';
/** The address the demo profile names for the relay; the collector runs the relay on a free port and points these at it. */
const RELAY_LISTEN = '127.0.0.1:8787';

function serveProfile(path: string, profileJson: string): Plugin {
  const handler: Connect.NextHandleFunction = (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.end(profileJson);
  };
  return {
    name: 'venueboard-desk-profile',
    configurePreviewServer: (server) => void server.middlewares.use(path, handler),
  };
}

async function main(): Promise<void> {
  if (provision() !== 0) process.exit(1);
  const port = Number(process.env.DESK_PORT ?? 5174);
  const outDir = process.env.DESK_OUT_DIR ?? 'dist-desk-mode';
  const sim = await startSimulator({ seed: Number(process.env.SIM_SEED ?? 1), freePorts: true });
  console.log(`simulator control  ${sim.control}`);
  const nats = await JetStreamServer.start();
  console.log(`nats-server        ${nats.natsUrl} (JetStream; websocket ${nats.wsUrl})`);

  const keyring = writeDemoKeyring(sim, RELAY_LISTEN, [`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const connections = demoProfile(sim, `http://${RELAY_LISTEN}`, keyring.pairingToken).connections;
  const collector = await startCollector(
    parseCollectorConfig(
      { nats: nats.natsUrl, stream: DESK_STREAM, relay: keyring.configPath, connections, name: 'desk-1' },
      process.cwd(),
    ),
  );
  console.log(`collector desk-1   ${connections.map((c) => c.id).join(', ')} -> stream ${DESK_STREAM}`);

  const profile: ConnectionProfile = {
    format: 'venueboard.connections/v1',
    connections: [
      {
        id: 'desk',
        label: 'Desk (JetStream)',
        venue: 'desk',
        url: nats.wsUrl,
        auth: {},
        options: { stream: DESK_STREAM, since: 'journal' },
      },
    ],
  };
  await build({ logLevel: 'warn', build: { outDir } });
  const server = await preview({
    plugins: [serveProfile('/desk-profile.json', JSON.stringify(profile))],
    preview: { port, strictPort: true, host: '127.0.0.1' },
    build: { outDir },
  });
  const base = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
  console.log(`\nVenueboard dashboard: ${base}?profile=/desk-profile.json\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    await collector.stop();
    await nats.stop();
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
