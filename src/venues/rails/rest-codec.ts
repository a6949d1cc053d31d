import { ShapeError } from '../shared/shape';
import { parseCompletedOrder, parseOrder } from './codec';
import type { RailsCompletedOrdersPage, RailsOpenOrdersPage } from './rest-wire';
import { list, record, text } from './shape';

/**
 * Bodies of the Rails REST answers the recovery reads (rest-wire.ts), checked like stream frames:
 * the entries go through the stream's own parsers (the fields are the same), so a fill read from REST
 * is the very fill the stream would have carried. Pure; never throws: a result or a reason.
 */

export type RestParse<T> = { ok: true; page: T } | { ok: false; error: string };

/** `{completedOrders:[…], last?}`. */
export function parseCompletedOrdersPage(body: string): RestParse<RailsCompletedOrdersPage> {
  return parseJson(body, (json) => {
    const o = record(json, 'completed-orders');
    const page: RailsCompletedOrdersPage = {
      completedOrders: list(o.completedOrders, 'completed-orders.completedOrders').map((c, i) =>
        parseCompletedOrder(c, `completed-orders.completedOrders[${i}]`),
      ),
    };
    const last = lastKey(o.last, 'completed-orders.last');
    if (last !== undefined) page.last = last;
    return page;
  });
}

/** `{openOrders:[…], last?}`; every order carries its market. */
export function parseOpenOrdersPage(body: string): RestParse<RailsOpenOrdersPage> {
  return parseJson(body, (json) => {
    const o = record(json, 'open-orders');
    const page: RailsOpenOrdersPage = {
      openOrders: list(o.openOrders, 'open-orders.openOrders').map((v, i) => {
        const path = `open-orders.openOrders[${i}]`;
        const order = parseOrder(v, path);
        text(order.market, `${path}.market`);
        return order;
      }),
    };
    const last = lastKey(o.last, 'open-orders.last');
    if (last !== undefined) page.last = last;
    return page;
  });
}

/** The `error` text of a refusal's body, when it has one (never more than a short line). */
export function restErrorText(body: string): string | undefined {
  try {
    const o: unknown = JSON.parse(body);
    const error = typeof o === 'object' && o !== null ? (o as Record<string, unknown>).error : undefined;
    return typeof error === 'string' && error.length > 0 ? error : undefined;
  } catch {
    return undefined;
  }
}

/** Absent, null or empty: no further page. */
function lastKey(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return text(value, path);
}

function parseJson<T>(body: string, read: (json: unknown) => T): RestParse<T> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: `not JSON (${body.length} chars)` };
  }
  try {
    return { ok: true, page: read(json) };
  } catch (e) {
    return { ok: false, error: e instanceof ShapeError ? e.message : 'unreadable answer' };
  }
}
