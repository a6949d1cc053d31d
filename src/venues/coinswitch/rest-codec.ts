import { clip } from '../shared/session-output';
import { parseExecution, parseOrder, type CheckedExecution, type CheckedOrder } from './codec';
import { ShapeError, anyText, integer, list, optional, record } from './shape';

/**
 * The Bybit V5 REST answers recovery reads (docs/venues/coinswitch.md, "Recovery after a gap"):
 * `{retCode, retMsg, result:{category, list, nextPageCursor}}`. Pure; never throws. The envelope is
 * checked as a whole; the items one by one, so a single unreadable execution is counted and the
 * rest of the page is still used.
 */

export type RestPage<T> =
  | {
      ok: true;
      items: T[];
      /** Items that could not be read (each a fill or an order that may be missing). */
      unreadable: number;
      /** The first unreadable item's problem, for the diagnostic. */
      problem?: string;
      /** The next page's cursor; undefined on the last page. */
      nextCursor?: string;
    }
  | { ok: false; error: string };

export function decodeExecutionPage(body: string): RestPage<CheckedExecution> {
  return decodePage(body, (item, path) => parseExecution(item, path));
}

export function decodeOrderPage(body: string): RestPage<CheckedOrder> {
  return decodePage(body, (item, path) => parseOrder(item, path));
}

function decodePage<T>(body: string, parseItem: (item: unknown, path: string) => T): RestPage<T> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: `the answer is not JSON (${body.length} chars)` };
  }
  let raw: unknown[];
  let nextCursor: string | undefined;
  try {
    const envelope = record(json, 'answer');
    const retCode = integer(envelope.retCode, 'retCode');
    if (retCode !== 0) {
      const retMsg = optional(envelope.retMsg, (v) => anyText(v, 'retMsg')) ?? '';
      return { ok: false, error: `retCode ${retCode}${retMsg.trim() === '' ? '' : `: ${retMsg}`}` };
    }
    const result = record(envelope.result, 'result');
    raw = list(result.list, 'result.list');
    const cursor = optional(result.nextPageCursor, (v) => anyText(v, 'result.nextPageCursor'));
    if (cursor !== undefined && cursor !== '') nextCursor = cursor;
  } catch (error) {
    return { ok: false, error: error instanceof ShapeError ? error.message : 'unreadable answer' };
  }
  const items: T[] = [];
  let unreadable = 0;
  let problem: string | undefined;
  raw.forEach((item, i) => {
    try {
      items.push(parseItem(item, `result.list[${i}]`));
    } catch (error) {
      unreadable++;
      problem ??= error instanceof ShapeError ? error.message : 'unreadable item';
    }
  });
  const page: RestPage<T> = { ok: true, items, unreadable };
  if (problem !== undefined) page.problem = clip(problem, 120);
  if (nextCursor !== undefined) page.nextCursor = nextCursor;
  return page;
}

/**
 * Why a non-200 answer failed, from its body when it says (Bybit `retMsg`, the relay's `error`, a
 * `message`), else the status alone.
 */
export function httpFailure(status: number, body: string): string {
  let said: string | undefined;
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null) {
      const fields = json as Record<string, unknown>;
      const candidate = [fields.retMsg, fields.error, fields.message].find(
        (v): v is string => typeof v === 'string' && v.trim() !== '',
      );
      said = candidate;
    }
  } catch {
    // Not JSON: the status says it.
  }
  return said === undefined ? `HTTP ${status}` : `HTTP ${status}: ${said}`;
}
