import type { FillLeg, PositionPoint } from './fill-math';

/**
 * Ids for fills rebuilt from position changes (ZDEX sends no execution id).
 *
 * `pos:<position>@<ts>:<quantity>:<realizedPnl>:<avgEntry>[:close|:open][#n]`
 *
 * - `<position>`: the venue's `positionId` (the symbol when the change came from a full state, which
 *   names no position id);
 * - `<ts>`: the venue's timestamp of the frame that showed the change. A position that returns to an
 *   earlier state (0.1 -> 0.2 -> 0.1 -> 0.2 at one price: the same quantity, average and realized PnL)
 *   does so in a later frame, so its fills differ by `ts`;
 * - the resulting state, so two changes in one millisecond differ too, and the id reads as what happened;
 * - `#n`: only when a position passes through the very same state twice within one millisecond.
 *
 * Deterministic in the frames: the same frames give the same ids. A replayed frame derives no fill at
 * all (the session drops byte-identical account frames and older `position_update`s, and a state equal
 * to the known one has no quantity change), so it cannot mint a second id for a fill.
 */
export class FillIds {
  /** Per symbol: the `ts` of the last id made, and how often each id was made within it. */
  private readonly current = new Map<string, { ts: number; made: Map<string, number> }>();

  make(symbol: string, position: string, ts: number, next: PositionPoint, part: FillLeg['part']): string {
    const base =
      `pos:${position}@${ts}:${next.quantity}:${next.realizedPnl ?? '-'}:${next.avgEntryPrice ?? '-'}` +
      (part === 'whole' ? '' : `:${part}`);
    let slot = this.current.get(symbol);
    if (!slot || slot.ts !== ts) {
      slot = { ts, made: new Map() };
      this.current.set(symbol, slot);
    }
    const seen = slot.made.get(base) ?? 0;
    slot.made.set(base, seen + 1);
    return seen === 0 ? base : `${base}#${seen + 1}`;
  }
}
