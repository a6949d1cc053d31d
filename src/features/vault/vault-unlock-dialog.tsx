import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useConnections } from '../../store/connections-store';
import { useVaultStatus } from '../../store/vault';
import { describeUnlock, useVaultAction } from '../shared/use-vault-action';
import '../shared/vault.css';

/**
 * After a reload, when the vault is stored but locked and connections wait for the secrets it keeps:
 * one modal dialog asks for the passphrase, once. Unlocked, every waiting connection gets its secret
 * and reconnects; "Not now" leaves them waiting (the Vault button in the Connections panel unlocks
 * later). A wrong passphrase says so and the dialog stays.
 */
export function VaultUnlockDialog() {
  const phase = useVaultStatus((s) => s.phase);
  const problem = useVaultStatus((s) => s.problem);
  const waiting = useConnections((s) => Object.keys(s.waiting).length);
  const [done, setDone] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [action, run] = useVaultAction();
  const ref = useRef<HTMLDialogElement>(null);
  const uid = useId();
  const open = !done && phase === 'locked' && waiting > 0;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const given = passphrase;
    setPassphrase('');
    if (await run((c) => c.unlock(given), describeUnlock)) setDone(true);
  };

  return (
    <dialog
      ref={ref}
      className="vault-dialog"
      data-testid="vault-unlock-dialog"
      aria-labelledby={`${uid}-title`}
      // Escape closes it like "Not now".
      onClose={() => setDone(true)}
    >
      {open ? (
        <form className="vault-form" onSubmit={(e) => void submit(e)} noValidate>
          <h2 id={`${uid}-title`}>Unlock the vault</h2>
          <p>
            {waiting} connection{waiting === 1 ? '' : 's'} wait{waiting === 1 ? 's' : ''} for secrets kept in this
            browser&apos;s vault. Enter its passphrase to reconnect {waiting === 1 ? 'it' : 'them'}.
          </p>
          {problem ? (
            <p className="vault-line vault-line--bad" data-testid="vault-unlock-problem">
              {problem}
            </p>
          ) : null}
          <label htmlFor={`${uid}-passphrase`}>Passphrase</label>
          <input
            id={`${uid}-passphrase`}
            type="password"
            data-testid="vault-unlock-passphrase"
            autoComplete="current-password"
            spellCheck={false}
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            disabled={action.pending}
            autoFocus
          />
          {action.error ? (
            <p className="vault-line vault-line--bad" role="alert" data-testid="vault-unlock-error">
              {action.error}
            </p>
          ) : null}
          <div className="vault-buttons">
            <button
              type="submit"
              className="btn btn--primary"
              data-testid="vault-unlock-submit"
              disabled={action.pending || passphrase === ''}
            >
              {action.pending ? 'Unlocking…' : 'Unlock'}
            </button>
            <button
              type="button"
              className="btn"
              data-testid="vault-unlock-later"
              disabled={action.pending}
              onClick={() => setDone(true)}
            >
              Not now
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
