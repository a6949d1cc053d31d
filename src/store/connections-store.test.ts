import { beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../domain/connection-config';
import { useConnections } from './connections-store';
import { restoreSavedConnections, savedConnectionsOf } from './saved-connections';

/** A restored connection waits for its pasted secret until the user gives it one, whichever way. */

const ZDEX: ConnectionConfig = {
  id: 'zdex-main',
  label: 'ZDEX',
  venue: 'zdex',
  url: 'ws://127.0.0.1:9104/ws',
  auth: { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ6In0.c2lnbmF0dXJl' },
  options: {},
};

beforeEach(() => {
  const saved = savedConnectionsOf({ configs: [ZDEX], enabled: { 'zdex-main': true }, waiting: {} });
  useConnections.setState({ generation: {} });
  useConnections.getState().restore(restoreSavedConnections(JSON.parse(JSON.stringify(saved))));
});

const waiting = () => useConnections.getState().waiting;

describe('a connection waiting for its pasted secret', () => {
  it('keeps waiting when edited without one (a new label), rather than connect without its token', () => {
    const restored = useConnections.getState().configs[0]!;
    expect(restored.auth).toEqual({});
    expect(useConnections.getState().update('zdex-main', { ...restored, label: 'ZDEX perps' })).toEqual([]);
    expect(waiting()).toEqual({ 'zdex-main': ['token'] });
  });

  it('stops waiting when its token is pasted in the form', () => {
    const restored = useConnections.getState().configs[0]!;
    useConnections.getState().update('zdex-main', { ...restored, auth: ZDEX.auth });
    expect(waiting()).toEqual({});
    expect(useConnections.getState().configs[0]).toEqual(ZDEX);
  });

  it('stops waiting when imported again, and when removed', () => {
    useConnections
      .getState()
      .importProfile(JSON.stringify({ format: 'venueboard.connections/v1', connections: [ZDEX] }));
    expect(waiting()).toEqual({});
    useConnections
      .getState()
      .restore(
        restoreSavedConnections(
          JSON.parse(JSON.stringify(savedConnectionsOf({ configs: [ZDEX], enabled: {}, waiting: {} }))),
        ),
      );
    expect(waiting()).toEqual({ 'zdex-main': ['token'] });
    useConnections.getState().remove('zdex-main');
    expect(waiting()).toEqual({});
  });
});
