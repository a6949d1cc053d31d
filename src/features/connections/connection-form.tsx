import { useId, useState, type FormEvent } from 'react';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { VenueId } from '../../domain/types';
import type { AuthMethod, FieldDescriptor, VenueFormDescriptor } from '../../venues/form-descriptor';
import { useConnections } from '../../store/connections-store';
import {
  configFromForm,
  credentialKey,
  formValuesFrom,
  keepsSecret,
  optionKey,
  switchVenue,
  type ConnectionFormValues,
  type FormProblem,
} from './connection-form-model';
import { TestConnection } from './test-connection';
import { useFormDescriptors } from './use-form-descriptors';

interface ConnectionFormProps {
  /** The connection being edited; absent when adding. */
  existing?: ConnectionConfig;
  /** Saves the config; returns problems (empty = saved). */
  onSave: (config: ConnectionConfig) => string[];
  onClose: () => void;
}

/**
 * Add or edit one connection, guided by the venue's descriptor: its default address, typed fields with
 * help, checks before saving (in plain words, next to the field), and a test without saving. Secrets
 * are typed in, never shown back; leaving them empty keeps the old ones.
 */
export function ConnectionForm(props: ConnectionFormProps) {
  const descriptors = useFormDescriptors();
  if (!descriptors)
    return (
      <div className="conn-form" data-testid="connection-form" aria-busy="true">
        Loading the venue forms…
      </div>
    );
  return <GuidedForm {...props} descriptors={descriptors} />;
}

function GuidedForm({
  existing,
  onSave,
  onClose,
  descriptors,
}: ConnectionFormProps & { descriptors: VenueFormDescriptor[] }) {
  const first = descriptors.find((d) => d.venue === existing?.venue) ?? descriptors[0]!;
  const [values, setValues] = useState<ConnectionFormValues>(() => formValuesFrom(first, existing));
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const uid = useId();
  const descriptor = descriptors.find((d) => d.venue === values.venue) ?? first;
  const method = descriptor.auth[values.authMethod] ?? descriptor.auth[0];
  const inputId = (name: string) => `${uid}-${name.replace(/[^A-Za-z0-9-]/g, '-')}`;
  const problemOf = (field: string) => problems.filter((p) => p.field === field);

  const set = (change: Partial<ConnectionFormValues>) => setValues((v) => ({ ...v, ...change }));
  const setField = (key: string, value: string | boolean) =>
    setValues((v) => ({ ...v, fields: { ...v.fields, [key]: value } }));

  const build = () => {
    const taken = useConnections.getState().configs.map((c) => c.id);
    const built = configFromForm(values, descriptor, existing, taken);
    setProblems(built.problems);
    return built.config;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const config = build();
    if (!config) return;
    const saveProblems = onSave(config);
    setProblems(saveProblems.map((message) => ({ message })));
    if (saveProblems.length === 0) onClose();
  };

  const fieldInput = (
    field: FieldDescriptor,
    key: string,
    testId: string,
    secretHint?: string,
    // The id and label live beside the typed fields, not among them.
    bound?: { value: string; set: (value: string) => void },
  ) => {
    const id = inputId(key);
    const value = bound ? bound.value : values.fields[key];
    const change = bound ? (v: string | boolean) => bound.set(String(v)) : (v: string | boolean) => setField(key, v);
    const own = problemOf(key);
    const describedBy = `${id}-help${own.length > 0 ? ` ${id}-problem` : ''}`;
    const common = {
      id,
      'data-testid': testId,
      'aria-describedby': describedBy,
      'aria-invalid': own.length > 0 || undefined,
    };
    let input;
    if (field.kind === 'boolean') {
      input = <input {...common} type="checkbox" checked={value === true} onChange={(e) => change(e.target.checked)} />;
    } else if (field.kind === 'select') {
      input = (
        <select {...common} value={String(value ?? '')} onChange={(e) => change(e.target.value)}>
          {field.choices?.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      );
    } else {
      input = (
        <input
          {...common}
          type={field.kind === 'secret' ? 'password' : 'text'}
          inputMode={field.kind === 'number' ? 'numeric' : undefined}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => change(e.target.value)}
          placeholder={secretHint ?? field.placeholder}
          spellCheck={false}
          autoComplete={field.kind === 'secret' ? 'new-password' : 'off'}
        />
      );
    }
    return (
      <div className="conn-field" key={key}>
        <label htmlFor={id}>
          {field.label}
          {field.required ? <span className="conn-field-required"> (required)</span> : null}
        </label>
        {input}
        <p className="conn-field-help" id={`${id}-help`}>
          {field.help}
        </p>
        {own.length > 0 ? (
          <p className="conn-field-problem" id={`${id}-problem`}>
            {own.map((p) => p.message).join(' ')}
          </p>
        ) : null}
      </div>
    );
  };

  const credentialInput = (m: AuthMethod, field: FieldDescriptor) => {
    const key = credentialKey(m, field);
    // The token field keeps the id the e2e specs and users' scripts know.
    const testId =
      m.kind === 'pasted' && field.key === 'token' ? 'connection-form-token' : `connection-form-${m.kind}-${field.key}`;
    const hint = keepsSecret(existing, m, field) ? 'leave empty to keep the current one' : undefined;
    return fieldInput(field, key, testId, hint);
  };

  const urlProblems = problemOf('url');

  return (
    <form
      className="conn-form conn-form--guided"
      data-testid="connection-form"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${uid}-title`}
    >
      <h2 className="conn-form-title" id={`${uid}-title`}>
        {existing ? `Edit ${existing.id}` : 'Add a connection'}
      </h2>

      <div className="conn-field">
        <label htmlFor={inputId('venue')}>Venue</label>
        <select
          id={inputId('venue')}
          data-testid="connection-form-venue"
          value={values.venue}
          onChange={(e) => {
            const next = descriptors.find((d) => d.venue === (e.target.value as VenueId));
            if (next) setValues((v) => switchVenue(v, descriptor, next));
            setProblems([]);
          }}
        >
          {descriptors.map((d) => (
            <option key={d.venue} value={d.venue}>
              {d.displayName}
            </option>
          ))}
        </select>
        <p className="conn-field-help" data-testid="connection-form-connects">
          {descriptor.connects}
        </p>
      </div>

      <div className="conn-form-row">
        {fieldInput(
          {
            key: 'id',
            kind: 'text',
            label: 'Name (id)',
            help: 'A short name for this connection: lower-case letters, digits and "-".',
          },
          'id',
          'connection-form-id',
          undefined,
          { value: values.id, set: (id) => set({ id }) },
        )}
        {fieldInput(
          { key: 'label', kind: 'text', label: 'Label', help: 'How the connection is shown in the tables.' },
          'label',
          'connection-form-label',
          undefined,
          { value: values.label, set: (label) => set({ label }) },
        )}
      </div>

      <div className="conn-field">
        <label htmlFor={inputId('url')}>Address (WebSocket URL)</label>
        <input
          id={inputId('url')}
          data-testid="connection-form-url"
          value={values.url}
          onChange={(e) => set({ url: e.target.value })}
          placeholder={descriptor.url.default}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${inputId('url')}-help${urlProblems.length > 0 ? ` ${inputId('url')}-problem` : ''}`}
          aria-invalid={urlProblems.length > 0 || undefined}
        />
        <p className="conn-field-help" id={`${inputId('url')}-help`}>
          {descriptor.url.help}{' '}
          {values.url !== descriptor.url.default ? (
            <button
              type="button"
              className="btn btn--xs btn--link"
              onClick={() => set({ url: descriptor.url.default })}
            >
              Use the default
            </button>
          ) : null}
          {descriptor.url.presets.map((p) => (
            <button
              key={p.url}
              type="button"
              className="btn btn--xs btn--link"
              data-testid="connection-form-preset"
              onClick={() => set({ url: p.url })}
            >
              {p.label}
            </button>
          ))}
        </p>
        {urlProblems.length > 0 ? (
          <p className="conn-field-problem" id={`${inputId('url')}-problem`}>
            {urlProblems.map((p) => p.message).join(' ')}
          </p>
        ) : null}
      </div>

      <fieldset className="conn-form-group">
        <legend>Signing in</legend>
        {descriptor.auth.length > 1 ? (
          <div className="conn-form-methods" role="radiogroup" aria-label="How to sign in">
            {descriptor.auth.map((m, i) => (
              <label key={m.kind}>
                <input
                  type="radio"
                  name={`${uid}-method`}
                  data-testid={`connection-form-method-${m.kind}`}
                  checked={values.authMethod === i}
                  onChange={() => set({ authMethod: i })}
                />{' '}
                {m.label}
              </label>
            ))}
          </div>
        ) : null}
        {method ? <p className="conn-field-help">{method.help}</p> : null}
        {method?.fields.map((f) => credentialInput(method, f))}
      </fieldset>

      {descriptor.options.length > 0 ? (
        <fieldset className="conn-form-group">
          <legend>Options</legend>
          {descriptor.options.map((f) => fieldInput(f, optionKey(f.key), `connection-form-option-${f.key}`))}
        </fieldset>
      ) : null}

      <details className="conn-form-advanced" data-testid="connection-form-advanced">
        <summary>Advanced: edit as JSON (replaces the fields above)</summary>
        <label htmlFor={inputId('auth-json')}>Auth JSON</label>
        <textarea
          id={inputId('auth-json')}
          data-testid="connection-form-auth"
          className="conn-form-secret"
          rows={1}
          value={values.authJson}
          onChange={(e) => set({ authJson: e.target.value })}
          placeholder={
            existing ? 'leave empty to keep the current one' : '{"token": …} or {"keyring": {"url", "id", "token"}}'
          }
          spellCheck={false}
          autoComplete="off"
        />
        <label htmlFor={inputId('options-json')}>Options JSON</label>
        <textarea
          id={inputId('options-json')}
          data-testid="connection-form-options"
          rows={3}
          value={values.optionsJson}
          onChange={(e) => set({ optionsJson: e.target.value })}
          placeholder="leave empty to use the fields above"
          spellCheck={false}
        />
      </details>

      {problems.length > 0 ? (
        <div className="conn-form-problems" role="alert">
          <p>
            {problems.length === 1
              ? 'One thing to fix before saving:'
              : `${problems.length} things to fix before saving:`}
          </p>
          <ul data-testid="connection-form-problems">
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <TestConnection build={build} />

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
