import type { AccountBalance, BalancePatch, Ticket, TicketPatch } from './codec';

/**
 * Merging partial `b` and `o` frames (codec.ts `BalancePatch`, `TicketPatch`) into what is known. A
 * patch of a known ticket or balance overwrites the fields it carries and keeps the others; a first
 * frame must carry every field that a ticket or balance needs (nothing is invented), except the ones
 * that only describe it (`tp`, `sl`, `comment`, `code`) and the login, which the session has already
 * checked (account events flow only for the switched account).
 */

const TICKET_FIELDS = [
  'symbol',
  'cmd',
  'volume',
  'openPrice',
  'closePrice',
  'openTime',
  'closeTime',
  'state',
  'storage',
  'commission',
  'profit',
] as const satisfies readonly (keyof Ticket)[];

const BALANCE_FIELDS = [
  'balance',
  'margin',
  'marginFree',
  'marginLevel',
  'equity',
  'credit',
  'levelType',
  'profit',
  'code',
] as const satisfies readonly (keyof AccountBalance)[];

/** The fields a first frame of a ticket lacks (empty: it is complete). */
export function missingTicketFields(patch: TicketPatch): string[] {
  return TICKET_FIELDS.filter((key) => !(key in patch));
}

/** The ticket after `patch`: merged into `known`, or built from a complete first frame; undefined when incomplete. */
export function mergeTicket(known: Ticket | undefined, patch: TicketPatch, login: number): Ticket | undefined {
  if (known) return { ...known, ...patch };
  if (missingTicketFields(patch).length > 0) return undefined;
  return { login, tp: '0', sl: '0', comment: '', code: 0, ...patch } as Ticket;
}

/** The balance after `patch`: merged into the last one, or a complete first frame; undefined when incomplete. */
export function mergeBalance(known: AccountBalance | undefined, patch: BalancePatch): AccountBalance | undefined {
  if (known) return { ...known, ...patch };
  if (BALANCE_FIELDS.some((key) => !(key in patch))) return undefined;
  return patch as AccountBalance;
}
