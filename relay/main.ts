/**
 * `npm run relay -- --config FILE`: the keyring relay on loopback (README.md in this folder).
 * Prints the listen URL and the venue ids it serves; stops cleanly on SIGINT / SIGTERM.
 */
import { loadRelayConfig, RelayConfigError } from './config';
import { startRelayServer } from './server';

const USAGE = `usage: npm run relay -- --config FILE

The keyring relay: holds long-lived venue secrets on this machine, mints the short-lived credentials the
dashboard needs (GET /credentials/<id>), signs the venues' read-only REST calls for recovery
(GET /rest/<id>/<path>) and bridges Roxom's WebSocket (ws /ws/<id>).
See relay/README.md for the config file (keep it and key files private: chmod 600).`;

function configPath(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--config') return argv[i + 1];
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const path = configPath(argv);
  if (!path) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  let relay;
  let venues: string[];
  try {
    const config = loadRelayConfig(path);
    venues = [...config.venues.values()].map((v) => {
      const main =
        v.venue === 'roxom'
          ? `ws /ws/${v.id} (subprotocol venueboard.pairing.<pairing token>)`
          : `GET /credentials/${v.id} (for ${v.wsUrl})`;
      return `  ${v.id} (${v.venue}): ${main}${v.restUrl ? `, GET /rest/${v.id}/…` : ''}`;
    });
    relay = await startRelayServer(config);
  } catch (error) {
    if (error instanceof RelayConfigError) console.error(error.message);
    else console.error(`relay: cannot start: ${error instanceof Error ? error.message : 'unknown error'}`);
    process.exitCode = 1;
    return;
  }
  console.log(`keyring relay listening on ${relay.url}`);
  for (const line of venues) console.log(line);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`relay: ${signal}, stopping`);
    relay
      .stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
