/**
 * Make sure the two things npm cannot install are present: Chromium (Playwright drives Debian's
 * /usr/bin/chromium; it cannot download its own browser here) and nats-server (the CoinSwitch
 * simulator runs a real one). On Debian as root they are installed; elsewhere we say how and fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDS = [
  { pkg: 'chromium', present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') },
  { pkg: 'nats-server', present: () => spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status === 0 },
];

export function missingPackages(): string[] {
  return NEEDS.filter((n) => !n.present()).map((n) => n.pkg);
}

export function provision(): number {
  const missing = missingPackages();
  if (missing.length === 0) return 0;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`Missing: ${missing.join(', ')}. Install them with:\n  sudo apt-get install -y ${missing.join(' ')}`);
    return 1;
  }
  console.log(`Installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  const still = missingPackages();
  if (still.length > 0) {
    console.error(`Still missing after apt-get: ${still.join(', ')}`);
    return 1;
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(provision());
