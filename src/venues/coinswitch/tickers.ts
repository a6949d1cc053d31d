import { clip, refusedFrameOutput, withDiagnostics } from '../shared/session-output';
import { emptyOutput, type SessionOutput } from '../types';
import { remember } from './account';
import { decodeTickerMessage } from './codec';
import { tickerMark } from './normalize';

/** Symbols whose newest ticker time is remembered. */
const TICKER_MEMORY = 1_000;

/**
 * [guess: the ticker payload was not captured] Public ticker messages -> `ticker` marks; a ticker
 * older than the newest seen for its symbol is dropped as a duplicate.
 */
export class CoinswitchTickers {
  private readonly times = new Map<string, number>();

  constructor(private readonly connectionId: string) {}

  message(data: string, now: number): SessionOutput {
    const out = emptyOutput();
    const decoded = decodeTickerMessage(data);
    if (!decoded.ok) return refusedFrameOutput('CoinSwitch', decoded.error, 'ticker message');
    const message = decoded.value;
    const time = message.E ?? message.t ?? now;
    const symbol = message.o.symbol;
    const newest = this.times.get(symbol);
    if (newest !== undefined && time < newest) return withDiagnostics(out, { duplicates: 1 });
    const mark = tickerMark(this.connectionId, message.o, time);
    if (!mark)
      return withDiagnostics(out, {
        malformed: 1,
        error: `CoinSwitch ticker for ${clip(symbol)} without a positive price`,
      });
    remember(this.times, symbol, time, TICKER_MEMORY);
    out.events.push({ kind: 'mark', mark });
    return out;
  }
}
