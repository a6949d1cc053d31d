import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import { mergeConnectionRows } from './connection-row';

const restored: ConnectionConfig = {
  id: 'zdex-main',
  label: 'ZDEX',
  venue: 'zdex',
  url: 'ws://127.0.0.1:9104/ws',
  auth: {},
  options: {},
};

describe('a restored connection waiting for its pasted secret', () => {
  it('reads disconnected, and says what it waits for and how to give it', () => {
    const [row] = mergeConnectionRows([restored], { 'zdex-main': true }, [], { 'zdex-main': ['token'] });
    expect(row).toMatchObject({
      status: 'disconnected',
      enabled: true,
      reason: 'waiting for its token: paste it or unlock the vault',
    });
    const [roxom] = mergeConnectionRows([{ ...restored, id: 'roxom-main', venue: 'roxom' }], {}, [], {
      'roxom-main': ['url-credentials'],
    });
    expect(roxom?.reason).toMatch(/^waiting for its URL's credentials \(its \?token=\): paste it or unlock the vault$/);
  });

  it('reads connecting as before once it no longer waits', () => {
    const [row] = mergeConnectionRows([restored], {}, [], {});
    expect(row?.status).toBe('connecting');
  });
});
