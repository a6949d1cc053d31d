import { useState } from 'react';
import { useVaultStatus, type VaultController, type VaultResult } from '../../store/vault';

export interface VaultActionState {
  /** The last failure, in the vault's own words (never a secret). */
  error?: string;
  /** The last success, said plainly. */
  message?: string;
  pending: boolean;
}

/**
 * Runs one vault controller action at a time and keeps its outcome for the UI. The caller clears its
 * passphrase fields after every attempt, right or wrong.
 */
export function useVaultAction(): [
  VaultActionState,
  (
    act: (c: VaultController) => Promise<VaultResult>,
    describe: (r: Extract<VaultResult, { ok: true }>) => string,
  ) => Promise<boolean>,
  () => void,
] {
  const [state, setState] = useState<VaultActionState>({ pending: false });
  const run = async (
    act: (c: VaultController) => Promise<VaultResult>,
    describe: (r: Extract<VaultResult, { ok: true }>) => string,
  ): Promise<boolean> => {
    const controller = useVaultStatus.getState().controller;
    if (!controller) {
      setState({ pending: false, error: 'the vault is not available in this browser' });
      return false;
    }
    setState({ pending: true });
    const result = await act(controller);
    setState(result.ok ? { pending: false, message: describe(result) } : { pending: false, error: result.error });
    return result.ok;
  };
  return [state, run, () => setState({ pending: false })];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What an unlock did, in one line. */
export function describeUnlock(r: { supplied: number; mismatched: number }): string {
  const parts = [`Unlocked: ${plural(r.supplied, 'connection')} got ${r.supplied === 1 ? 'its' : 'their'} secret back`];
  if (r.mismatched > 0)
    parts.push(
      `${plural(r.mismatched, 'secret')} not used: saved for a connection whose venue or URL has changed since (paste ${r.mismatched === 1 ? 'it' : 'them'} again)`,
    );
  return `${parts.join('; ')}.`;
}
