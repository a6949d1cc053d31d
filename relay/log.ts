/**
 * The relay's log: one line per request or bridged connection. The logger is injectable so tests can
 * capture every line and prove no secret is in any of them. Lines are built only from values that are
 * not secret: venue ids from the config, HTTP statuses, close codes, counts, the request's Origin.
 * Never a URL query (a WebSocket URL carries `?token=`), a header value, a key, a token or a signature.
 */
export type RelayLogger = (line: string) => void;

export const consoleLogger: RelayLogger = (line) => console.log(`${new Date().toISOString()} relay ${line}`);

/** Text from a client (an Origin header) or from a venue (an error string) made safe for one log line. */
export function logSafe(text: string, max = 80): string {
  const line = oneLine(text)
    .replace(/["\\]+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Control characters (line breaks included) become spaces: one line, nothing a terminal interprets. */
export function oneLine(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? ' ' : char;
  }
  return out;
}

/** A size limit for messages: "1 MiB", "64 KiB" or "1000 bytes". */
export function byteSize(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
