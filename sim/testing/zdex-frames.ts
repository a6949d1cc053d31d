import type { ReceivedFrame } from './ws-test-client';

/** A ZDEX frame as a test sees it (loosely typed: the point is to check what arrived). */
export interface LooseFrame {
  channel?: string;
  event?: string;
  symbol?: string;
  data?: unknown;
  ts?: number;
}

export const asFrame = (f: ReceivedFrame): LooseFrame => (f.json ?? {}) as LooseFrame;

export const isAccountFrame = (f: ReceivedFrame): boolean => asFrame(f).channel === 'account';

/** "full" for a full state, else the event name. */
export const accountKind = (f: ReceivedFrame): string => asFrame(f).event ?? 'full';

/** The documented order of the frames of one change (see sim/zdex/README.md). */
export const ACCOUNT_FRAME_RANK: Record<string, number> = {
  order_new: 0,
  order_canceled: 0,
  order_update: 1,
  position_update: 2,
  balance_update: 3,
  futures_account_update: 4,
  full: 5,
};
