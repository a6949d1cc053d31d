/**
 * `npm run collector -- --config FILE` (docs/contract.md section 5): runs the configured connections
 * headless and publishes them to JetStream until SIGINT / SIGTERM.
 */
import { resolve } from 'node:path';
import { CollectorConfigError, loadCollectorConfig } from './config';
import { startCollector } from './collector';

const USAGE = `usage: npm run collector -- --config FILE [--record FOLDER]

The desk collector: runs the connections of FILE (profile connections, credentials from the keyring
relay config it names) and publishes every normalized event to the JetStream stream it names.
--record FOLDER (or "record" in FILE) also records every connection's raw frames there, one NDJSON
file per connection, for npm run replay (docs/record-replay.md). See docs/desk.md.`;

function option(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === `--${name}`) return argv[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(`--${name}=`.length);
  }
  return undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) return void console.log(USAGE);
  const path = option(argv, 'config');
  const record = option(argv, 'record');
  if (!path) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  let collector;
  try {
    const loaded = loadCollectorConfig(path);
    const config = record ? { ...loaded, record: resolve(record) } : loaded;
    collector = await startCollector(config);
    console.log(
      `collector ${config.name}: publishing ${config.connections.map((c) => c.id).join(', ')} to stream ${config.stream} on ${config.nats}`,
    );
    for (const file of collector.recordings) console.log(`collector: recording to ${file}`);
  } catch (error) {
    if (error instanceof CollectorConfigError) console.error(error.message);
    else console.error(`collector: cannot start: ${error instanceof Error ? error.message : 'unknown error'}`);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`collector: ${signal}, stopping`);
    void collector.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
