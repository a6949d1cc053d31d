import { useId, useState, type FormEvent } from 'react';
import type { ConnectionConfig } from '../../domain/connection-config';
import { VENUE_IDS, type VenueId } from '../../domain/types';
import { configFromForm, formValuesFrom, type ConnectionFormValues } from './connection-form-model';

interface ConnectionFormProps {
  /** The connection being edited; absent when adding. */
  existing?: ConnectionConfig;
  /** Saves the config; returns problems (empty = saved). */
  onSave: (config: ConnectionConfig) => string[];
  onClose: () => void;
}

/** Add or edit one connection. Secrets are typed in, never shown back; leaving them empty keeps the old ones. */
export function ConnectionForm({ existing, onSave, onClose }: ConnectionFormProps) {
  const [values, setValues] = useState<ConnectionFormValues>(() => formValuesFrom(existing));
  const [problems, setProblems] = useState<string[]>([]);
  const uid = useId();
  const set = <K extends keyof ConnectionFormValues>(key: K, value: ConnectionFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const built = configFromForm(values, existing);
    if (!built.config) {
      setProblems(built.problems);
      return;
    }
    const saveProblems = onSave(built.config);
    setProblems(saveProblems);
    if (saveProblems.length === 0) onClose();
  };

  const field = (name: string) => `${uid}-${name}`;
  const keepHint = existing ? 'leave empty to keep the current one' : undefined;

  return (
    <form className="conn-form" data-testid="connection-form" onSubmit={submit} noValidate>
      <div className="conn-form-title">{existing ? `Edit ${existing.id}` : 'Add connection'}</div>
      <label htmlFor={field('id')}>Id</label>
      <input
        id={field('id')}
        data-testid="connection-form-id"
        value={values.id}
        onChange={(e) => set('id', e.target.value)}
        placeholder="rails-btc"
        spellCheck={false}
        autoComplete="off"
      />
      <label htmlFor={field('label')}>Label</label>
      <input
        id={field('label')}
        data-testid="connection-form-label"
        value={values.label}
        onChange={(e) => set('label', e.target.value)}
        placeholder="Rails BTC-USDT"
        autoComplete="off"
      />
      <label htmlFor={field('venue')}>Venue</label>
      <select
        id={field('venue')}
        data-testid="connection-form-venue"
        value={values.venue}
        onChange={(e) => set('venue', e.target.value as VenueId)}
      >
        {VENUE_IDS.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <label htmlFor={field('url')}>WebSocket URL</label>
      <input
        id={field('url')}
        data-testid="connection-form-url"
        value={values.url}
        onChange={(e) => set('url', e.target.value)}
        placeholder="wss://…"
        spellCheck={false}
        autoComplete="off"
      />
      <label htmlFor={field('token')}>Token</label>
      <input
        id={field('token')}
        data-testid="connection-form-token"
        type="password"
        value={values.token}
        onChange={(e) => set('token', e.target.value)}
        placeholder={keepHint ?? 'JWT (if the venue uses one)'}
        autoComplete="new-password"
      />
      <label htmlFor={field('auth')}>Auth JSON</label>
      <textarea
        id={field('auth')}
        data-testid="connection-form-auth"
        className="conn-form-secret"
        rows={1}
        value={values.authJson}
        onChange={(e) => set('authJson', e.target.value)}
        placeholder={keepHint ?? 'optional, replaces the token: {"apiKey": …} or {"keyring": {"url", "id", "token"}}'}
        spellCheck={false}
        autoComplete="off"
      />
      <label htmlFor={field('options')}>Options JSON</label>
      <textarea
        id={field('options')}
        data-testid="connection-form-options"
        className="conn-form-wide"
        rows={3}
        value={values.optionsJson}
        onChange={(e) => set('optionsJson', e.target.value)}
        spellCheck={false}
      />
      {problems.length > 0 ? (
        <ul className="conn-form-problems" data-testid="connection-form-problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <div className="conn-form-buttons">
        <button type="submit" className="btn btn--primary" data-testid="connection-form-submit">
          {existing ? 'Save' : 'Add'}
        </button>
        <button type="button" className="btn" data-testid="connection-form-cancel" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
