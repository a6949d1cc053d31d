import { isDecimalText } from '../../domain/decimal';
import type { AlertSettings } from '../settings-store';
import type { AlertThresholds } from './alert-types';

/** Settings as the user typed them -> the thresholds the engine checks (0, "" or unreadable text: off). */
export function thresholdsFromSettings(s: AlertSettings): AlertThresholds {
  return {
    drawdownPct: s.drawdownPct > 0 && Number.isFinite(s.drawdownPct) ? String(s.drawdownPct) : undefined,
    unrealizedLoss: amountThreshold(s.unrealizedLoss),
    positionNotional: amountThreshold(s.positionNotional),
    staleAfterMs: s.stale ? Math.max(0, Number.isFinite(s.staleAfterMs) ? s.staleAfterMs : 0) : undefined,
    disconnect: s.disconnect,
    rearmPct: Number.isFinite(s.rearmPct) && s.rearmPct >= 0 ? String(Math.min(s.rearmPct, 100)) : '0',
  };
}

/** A positive amount as canonical decimal text; a minus sign is ignored (a loss limit is a size). */
export function amountThreshold(text: string): string | undefined {
  const t = text.trim().replace(/^-/, '');
  if (!isDecimalText(t) || Number(t) <= 0) return undefined;
  return t;
}

/** Why an amount the user typed is not used, or undefined when it is fine or empty. */
export function amountProblem(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  return amountThreshold(text) === undefined ? 'not a positive amount: the rule is off' : undefined;
}
