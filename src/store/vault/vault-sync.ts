import { useConnections } from '../connections-store';
import { vaultSecretsOf } from '../saved-connections';
import { VaultError } from './vault-crypto';
import type { VaultSecret } from './vault-secrets';
import type { VaultSession } from './vault-session';
import { useVaultStatus, type VaultController, type VaultResult } from './vault-status';

/**
 * Wires a VaultSession to the connections store and the vault's status:
 *
 * - unlock gives each waiting connection the secret saved for it (same id, venue and URL), and the
 *   ingest bridge opens it;
 * - while unlocked, any change to a pasted secret (added, edited, removed, imported) is sealed again
 *   with a fresh IV and stored;
 * - while locked, such a change stays in memory, and the status says it is not saved;
 * - lock forgets the key only: the connections that run keep running (their secrets were in memory
 *   before the vault existed, and are still needed to reconnect) until the page reloads.
 *
 * Returns once the stored vault was looked at (the phase is then absent, locked or unlocked).
 */
export async function startVaultSync(session: VaultSession): Promise<{ stop(): void }> {
  /** What the vault held for connections still waiting (kept while unlocked, so a save never drops it). */
  let held: VaultSecret[] = [];
  /** The secrets as last sealed (or as they stood when the vault was locked or forgotten). */
  let last = '';
  const current = () => vaultSecretsOf(useConnections.getState(), held);
  const settle = () => {
    last = JSON.stringify(current());
  };
  const setPhase = () => useVaultStatus.setState({ phase: session.state });

  try {
    await session.load();
    useVaultStatus.setState({ phase: session.state, problem: undefined });
  } catch (e) {
    // A stored vault this build refuses (damaged, or too few iterations): it stays locked; forget it to start over.
    useVaultStatus.setState({ phase: session.state, problem: messageOf(e) });
  }
  settle();

  let saving: Promise<void> = Promise.resolve();
  const sync = () => {
    const secrets = current();
    const json = JSON.stringify(secrets);
    if (json === last) return;
    last = json;
    if (session.state === 'locked') {
      useVaultStatus.setState({ unsaved: true });
      return;
    }
    if (session.state !== 'unlocked') return;
    saving = session.save(secrets).then(
      () => useVaultStatus.setState({ savedAt: Date.now(), unsaved: false, problem: undefined }),
      (e: unknown) => {
        const problem = `the vault was not saved: ${messageOf(e)}`;
        console.error(problem);
        useVaultStatus.setState({ problem, unsaved: true });
      },
    );
  };
  const unsubscribe = useConnections.subscribe(sync);

  /** Runs one controller action with `busy` set; failures become a result, never a throw. */
  const run = async (action: () => Promise<{ supplied: number; mismatched: number } | void>): Promise<VaultResult> => {
    useVaultStatus.setState({ busy: true });
    try {
      const counts = (await action()) ?? { supplied: 0, mismatched: 0 };
      setPhase();
      return { ok: true, ...counts };
    } catch (e) {
      setPhase();
      return {
        ok: false,
        kind: e instanceof VaultError ? e.kind : 'storage',
        error: messageOf(e),
      };
    } finally {
      useVaultStatus.setState({ busy: false });
    }
  };

  const saved = () => useVaultStatus.setState({ savedAt: Date.now(), unsaved: false, problem: undefined });

  const controller: VaultController = {
    create: (passphrase) =>
      run(async () => {
        held = [];
        const secrets = current();
        await session.create(passphrase, secrets);
        last = JSON.stringify(secrets);
        saved();
      }),
    unlock: (passphrase) =>
      run(async () => {
        const secrets = await session.unlock(passphrase);
        held = secrets;
        last = JSON.stringify(secrets);
        useVaultStatus.setState({ phase: 'unlocked', problem: undefined });
        const { supplied, mismatched } = useConnections.getState().supplySecrets(secrets);
        sync(); // what changed while it was locked is sealed now
        await saving;
        const counts = { supplied: supplied.length, mismatched: mismatched.length };
        useVaultStatus.setState({ lastUnlock: counts });
        return counts;
      }),
    lock: () =>
      run(async () => {
        await saving;
        session.lock();
        held = [];
        settle();
      }),
    changePassphrase: (currentPassphrase, next) =>
      run(async () => {
        await saving;
        const secrets = current();
        await session.changePassphrase(currentPassphrase, next, secrets);
        last = JSON.stringify(secrets);
        saved();
      }),
    forget: () =>
      run(async () => {
        await saving;
        await session.forget();
        held = [];
        settle();
        useVaultStatus.setState({ unsaved: false, savedAt: undefined, problem: undefined });
      }),
  };
  useVaultStatus.setState({ controller });

  return {
    stop() {
      unsubscribe();
      session.lock();
      useVaultStatus.setState({ controller: undefined });
    },
  };
}

/** A VaultError's message is written for the page; anything else is named, not quoted. */
function messageOf(e: unknown): string {
  if (e instanceof VaultError) return e.message;
  return `the vault failed (${e instanceof Error ? e.name : 'unknown error'})`;
}
