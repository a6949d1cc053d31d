/**
 * Which venues' code a command to the worker needs before it runs (the worker loads each venue's
 * code on first need: src/venues/adapter-loaders.ts). A replay names its venue inside the recording,
 * read by the core: it loads every venue (replays are rare, and a recording's header is the core's
 * to parse).
 */
export function venuesNeeded(command: unknown): 'all' | string[] {
  if (typeof command !== 'object' || command === null) return [];
  const c = command as { type?: unknown; config?: { venue?: unknown } };
  if ((c.type === 'connect' || c.type === 'probe') && typeof c.config?.venue === 'string') return [c.config.venue];
  if (c.type === 'replay') return 'all';
  return [];
}
