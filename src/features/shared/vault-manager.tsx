import { useModalDialog } from '../../components/use-modal-dialog';
import { useId, useState, type FormEvent } from 'react';
import { useConnections } from '../../store/connections-store';
import { MIN_ITERATIONS, MIN_PASSPHRASE_LENGTH, useVaultStatus, type VaultPhase } from '../../store/vault';
import { formatClockTime } from '../../components/format/time-format';
import { describeUnlock, useVaultAction } from './use-vault-action';
import './vault.css';

const PHASE_LABEL: Record<VaultPhase, string> = {
  opening: 'Vault…',
  unavailable: 'Vault: n/a',
  absent: 'Vault: off',
  locked: 'Vault: locked',
  unlocked: 'Vault: unlocked',
};

/** The Connections panel's "Vault" button and the dialog behind it: opt in, unlock, lock, change, forget. */
export function VaultButton() {
  const phase = useVaultStatus((s) => s.phase);
  const unsaved = useVaultStatus((s) => s.unsaved);
  const [open, setOpen] = useState(false);
  const ref = useModalDialog(open);
  return (
    <>
      <button
        type="button"
        className={`btn vault-button vault-button--${phase}${unsaved ? ' vault-button--unsaved' : ''}`}
        data-testid="vault-open"
        data-phase={phase}
        title="Keep pasted tokens across reloads, encrypted with a passphrase"
        onClick={() => setOpen(true)}
      >
        {PHASE_LABEL[phase]}
      </button>
      <dialog
        ref={ref}
        className="vault-dialog"
        data-testid="vault-dialog"
        aria-label="Secrets vault"
        onClose={() => setOpen(false)}
        onClick={(e) => {
          if (e.target === e.currentTarget) setOpen(false);
        }}
      >
        {open ? <VaultManager onClose={() => setOpen(false)} /> : null}
      </dialog>
    </>
  );
}

function VaultManager({ onClose }: { onClose: () => void }) {
  const phase = useVaultStatus((s) => s.phase);
  const problem = useVaultStatus((s) => s.problem);
  const unsaved = useVaultStatus((s) => s.unsaved);
  const savedAt = useVaultStatus((s) => s.savedAt);
  const waiting = useConnections((s) => Object.keys(s.waiting).length);
  const [action, run, reset] = useVaultAction();
  const [confirmForget, setConfirmForget] = useState(false);

  return (
    <div className="vault-form" data-testid="vault-manager" data-phase={phase}>
      <div className="vault-head">
        <h2>Secrets vault</h2>
        <button type="button" className="btn btn--xs" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      <p className="vault-line">
        Connections are saved in this browser; a keyring reference is kept whole, so those reconnect by themselves.
        Pasted tokens and signatures are kept only here, encrypted with your passphrase (PBKDF2-SHA-256,{' '}
        {MIN_ITERATIONS.toLocaleString('en-US')} iterations, AES-GCM 256). Without the vault they live in memory until
        the page reloads.
      </p>
      {problem ? (
        <p className="vault-line vault-line--bad" data-testid="vault-problem">
          {problem}
        </p>
      ) : null}
      {waiting > 0 ? (
        <p className="vault-line vault-line--warn" data-testid="vault-waiting">
          {waiting} connection{waiting === 1 ? '' : 's'} wait{waiting === 1 ? 's' : ''} for a pasted secret.
        </p>
      ) : null}
      {unsaved && phase === 'locked' ? (
        <p className="vault-line vault-line--warn" data-testid="vault-unsaved">
          A pasted secret changed while the vault was locked: unlock it to save the change.
        </p>
      ) : null}

      {phase === 'absent' ? <CreateForm run={run} pending={action.pending} /> : null}
      {phase === 'locked' ? <UnlockForm run={run} pending={action.pending} /> : null}
      {phase === 'unlocked' ? (
        <>
          <p className="vault-line vault-line--ok" data-testid="vault-unlocked">
            Unlocked{savedAt !== undefined ? `, saved at ${formatClockTime(savedAt)}` : ''}: every change to a pasted
            secret is saved.
          </p>
          <div className="vault-buttons">
            <button
              type="button"
              className="btn"
              data-testid="vault-lock"
              disabled={action.pending}
              onClick={() =>
                void run(
                  (c) => c.lock(),
                  () => 'Locked: the key is forgotten. Running connections keep their secrets until the page reloads.',
                )
              }
            >
              Lock
            </button>
          </div>
          <ChangeForm run={run} pending={action.pending} />
        </>
      ) : null}

      {phase === 'locked' || phase === 'unlocked' ? (
        <div className="vault-forget">
          {confirmForget ? (
            <>
              <span>Delete the vault and the secrets in it from this browser?</span>
              <button
                type="button"
                className="btn btn--danger"
                data-testid="vault-forget-confirm"
                disabled={action.pending}
                onClick={() => {
                  setConfirmForget(false);
                  void run(
                    (c) => c.forget(),
                    () => 'Vault deleted. Running connections keep their secrets until the page reloads.',
                  );
                }}
              >
                Delete vault
              </button>
              <button type="button" className="btn" onClick={() => setConfirmForget(false)}>
                Keep
              </button>
            </>
          ) : (
            <button
              type="button"
              className="btn btn--danger"
              data-testid="vault-forget"
              disabled={action.pending}
              onClick={() => {
                reset();
                setConfirmForget(true);
              }}
            >
              Forget vault…
            </button>
          )}
        </div>
      ) : null}

      {action.error ? (
        <p className="vault-line vault-line--bad" role="alert" data-testid="vault-error">
          {action.error}
        </p>
      ) : null}
      {action.message ? (
        <p className="vault-line vault-line--ok" role="status" data-testid="vault-message">
          {action.message}
        </p>
      ) : null}
    </div>
  );
}

type Run = ReturnType<typeof useVaultAction>[1];

function CreateForm({ run, pending }: { run: Run; pending: boolean }) {
  const uid = useId();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const given = passphrase;
    const same = given === confirm;
    setPassphrase('');
    setConfirm('');
    setMismatch(!same);
    if (same)
      void run(
        (c) => c.create(given),
        () => 'Vault created: pasted secrets are kept, encrypted.',
      );
  };
  return (
    <form className="vault-grid" onSubmit={submit} noValidate>
      <label htmlFor={`${uid}-new`}>Passphrase</label>
      <input
        id={`${uid}-new`}
        type="password"
        data-testid="vault-create-passphrase"
        autoComplete="new-password"
        value={passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
        placeholder={`${MIN_PASSPHRASE_LENGTH} characters at least`}
      />
      <label htmlFor={`${uid}-confirm`}>Again</label>
      <input
        id={`${uid}-confirm`}
        type="password"
        data-testid="vault-create-confirm"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
      />
      {mismatch ? (
        <p className="vault-line vault-line--bad vault-span" role="alert" data-testid="vault-create-mismatch">
          The two passphrases differ: type them again.
        </p>
      ) : null}
      <span />
      <button type="submit" className="btn btn--primary" data-testid="vault-create" disabled={pending}>
        {pending ? 'Creating…' : 'Keep pasted secrets in a vault'}
      </button>
    </form>
  );
}

function UnlockForm({ run, pending }: { run: Run; pending: boolean }) {
  const uid = useId();
  const [passphrase, setPassphrase] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const given = passphrase;
    setPassphrase('');
    void run((c) => c.unlock(given), describeUnlock);
  };
  return (
    <form className="vault-grid" onSubmit={submit} noValidate>
      <label htmlFor={`${uid}-passphrase`}>Passphrase</label>
      <input
        id={`${uid}-passphrase`}
        type="password"
        data-testid="vault-passphrase"
        autoComplete="current-password"
        value={passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
      />
      <span />
      <button type="submit" className="btn btn--primary" data-testid="vault-unlock" disabled={pending}>
        {pending ? 'Unlocking…' : 'Unlock'}
      </button>
    </form>
  );
}

function ChangeForm({ run, pending }: { run: Run; pending: boolean }) {
  const uid = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const [given, wanted, again] = [current, next, confirm];
    setCurrent('');
    setNext('');
    setConfirm('');
    setMismatch(wanted !== again);
    if (wanted === again)
      void run(
        (c) => c.changePassphrase(given, wanted),
        () => 'Passphrase changed: the vault is encrypted again under a new key and salt.',
      );
  };
  return (
    <form className="vault-grid" onSubmit={submit} noValidate>
      <span className="vault-span vault-subhead">Change the passphrase</span>
      <label htmlFor={`${uid}-current`}>Current</label>
      <input
        id={`${uid}-current`}
        type="password"
        data-testid="vault-change-current"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <label htmlFor={`${uid}-next`}>New</label>
      <input
        id={`${uid}-next`}
        type="password"
        data-testid="vault-change-next"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      <label htmlFor={`${uid}-confirm`}>New again</label>
      <input
        id={`${uid}-confirm`}
        type="password"
        data-testid="vault-change-confirm"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
      />
      {mismatch ? (
        <p className="vault-line vault-line--bad vault-span" role="alert" data-testid="vault-change-mismatch">
          The two new passphrases differ: type them again.
        </p>
      ) : null}
      <span />
      <button type="submit" className="btn" data-testid="vault-change" disabled={pending}>
        {pending ? 'Changing…' : 'Change passphrase'}
      </button>
    </form>
  );
}
