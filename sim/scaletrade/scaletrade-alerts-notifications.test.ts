import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WsTestClient } from '../testing/ws-test-client';
import { arrays, connect, eventOf, flush, next, startRig, switched, type ScaletradeRig } from './test-support';

let rig: ScaletradeRig;
const clients: WsTestClient[] = [];

beforeAll(async () => {
  rig = await startRig({ alertIntervalMs: 120, notificationIntervalMs: 100 });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await rig.stop();
});

describe('ScaleTrade price alerts (a) and notifications (n)', () => {
  it('sends n frames with and without the data object (index rule), after the switch only', async () => {
    const bystander = await connect(rig, clients);
    bystander.send({ authorization: rig.server.credential('valid').token });
    await next(bystander, (f) => eventOf(f) === 'authorization');
    const { client } = await switched(rig, clients);
    await client.until(() => arrays(client, 'n').length >= 4);
    const notices = arrays(client, 'n');
    const withData = notices.filter((n) => n.length === 10);
    const without = notices.filter((n) => n.length === 9);
    expect(withData.length).toBeGreaterThan(0);
    expect(without.length).toBeGreaterThan(0);
    for (const n of notices) {
      const [, message, description, token, status, level, userId, createTime] = n;
      expect([typeof message, typeof description, typeof token]).toEqual(['string', 'string', 'string']);
      expect(status).toBe(0);
      expect([10, 20, 30, 40, 50, 60]).toContain(level);
      expect(userId).toBe(2000009);
      expect(Number.isInteger(createTime) && (createTime as number) < 1e11).toBe(true);
    }
    for (const n of withData) {
      expect(typeof n[8]).toBe('object');
      expect(n[9]).toBe(0);
    }
    for (const n of without) expect(n[8]).toBe(0);
    expect(new Set(notices.map((n) => n[3])).size).toBe(notices.length);
    await flush(bystander);
    expect(arrays(bystander, 'n')).toEqual([]);
    expect(arrays(bystander, 'a')).toEqual([]);
  });

  it('sends triggered price alerts as 18-element a frames', async () => {
    const { client } = await switched(rig, clients);
    await client.until(() => arrays(client, 'a').length >= 2);
    for (const a of arrays(client, 'a')) {
      expect(a).toHaveLength(18);
      const [
        marker,
        id,
        login,
        symbol,
        indicator,
        message,
        side,
        condition,
        target,
        low,
        high,
        move,
        status,
        repeat,
        expires,
        triggeredPrice,
        triggeredAt,
        code,
      ] = a;
      expect(marker).toBe('a');
      expect(Number.isInteger(id)).toBe(true);
      expect(login).toBe(2000009);
      expect(['btcusd', 'ethusd', 'solusd']).toContain(symbol);
      expect(indicator).toBe('');
      expect(message).toMatch(/crossed (above|below)/);
      expect(side).toBe(0);
      expect([0, 1]).toContain(condition);
      expect(typeof target).toBe('number');
      expect([low, high, move, repeat, expires, code]).toEqual([0, 0, 0, 0, 0, 0]);
      expect(status).toBe(1);
      expect(typeof triggeredPrice).toBe('number');
      // crossed above: the price is above the target; below: under it
      expect(
        condition === 0
          ? (triggeredPrice as number) > (target as number)
          : (triggeredPrice as number) < (target as number),
      ).toBe(true);
      expect(Number.isInteger(triggeredAt) && (triggeredAt as number) < 1e11).toBe(true);
    }
  });
});
