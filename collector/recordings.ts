import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { IngestCore } from '../src/ingest/ingest-core';

/**
 * The collector's record option (docs/record-replay.md): one NDJSON file per connection in `dir`,
 * `<connectionId>-<start time>.ndjson`, written from the connection's first socket on. Secrets never
 * reach the file (the ingest core's recording tap scrubs them).
 */
export interface CollectorRecordings {
  files: string[];
  /** Stops every recording and waits until the files are written. */
  close(): Promise<void>;
}

export function recordConnections(
  core: IngestCore,
  connectionIds: readonly string[],
  dir: string,
): CollectorRecordings {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const open: { id: string; stream: WriteStream }[] = [];
  for (const id of connectionIds) {
    const path = join(dir, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp}.ndjson`);
    const stream = createWriteStream(path, { flags: 'wx' });
    if (core.startRecording(id, (line) => stream.write(`${line}\n`))) open.push({ id, stream });
    else stream.destroy();
  }
  return {
    files: open.map(({ stream }) => String(stream.path)),
    async close() {
      await Promise.all(
        open.map(({ id, stream }) => {
          core.stopRecording(id);
          return new Promise<void>((resolve) => stream.end(resolve));
        }),
      );
    },
  };
}
