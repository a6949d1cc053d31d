import { describe, expect, it } from 'vitest';
import { RECOVERY_WAIT_MS } from './gap-recovery';
import { Harness, T0, TOKEN, config, fixtureText, makeJwt, sequence } from './test-support';

/**
 * Recovery after a gap (recovery.ts): the state when the gap began against the first full state after
 * it, the venue's documented payloads (fixtures/) standing in for the venue. `from` is the last frame
 * before the gap on the session's clock, as the lifecycle passes it.
 */

const [state, ticker] = sequence('sequence-maker-fill');
const AUTH = JSON.stringify({ action: 'auth', token: TOKEN });

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are edited freely in tests */
function fullState(ts: number, edit: (data: any) => void = () => undefined) {
  const copy = structuredClone(state);
  copy.ts = ts;
  edit(copy.data);
  return copy;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Live on the fixture account: BTCUSDT 0.05 @ 70500, order 12345 (buy 0.013 @ 70123.4) open, USDT 1250.50. */
function live(): Harness {
  const h = new Harness();
  h.authenticate();
  h.feedAll([state, ticker]);
  return h;
}

/** The socket drops and a new one authenticates; returns the gap's `from`. */
function reconnect(h: Harness): number {
  const from = h.now;
  h.closed(1006);
  h.now += 3_000;
  h.open();
  h.feed(fixtureText('connected'));
  h.feed(fixtureText('authenticated'));
  return from;
}

describe('after a reconnect (the new socket has its full state before it is live)', () => {
  it('nothing changed: full, and nothing is rebuilt', () => {
    const h = live();
    const from = reconnect(h);
    expect(h.feed(fullState(T0 + 20_000)).status).toEqual({ status: 'live' });
    const out = h.recover({ from, to: h.now });
    expect(out.recovery).toEqual({
      recovered: 'full',
      detail: expect.stringContaining('no fill was missed between 00:00:00 UTC and 00:00:03 UTC'),
    });
    expect(h.fills()).toEqual([]);
  });

  it('the position changed: partial, the change rebuilt as one inferred fill, and the detail says fills may be merged', () => {
    const h = live();
    const from = reconnect(h);
    h.feed(
      fullState(T0 + 20_000, (d) => {
        d.openOrders = [];
        d.positions[0].quantity = '0.08';
        d.positions[0].avgEntryPrice = '70700.4375';
      }),
    );
    const out = h.recover({ from, to: h.now });
    expect(out.recovery?.recovered).toBe('partial');
    expect(out.recovery?.detail).toMatch(/^BTCUSDT position, order 12345 changed between .* UTC and .* UTC;/);
    expect(out.recovery?.detail).toContain('rebuilt from the position change and individual fills may be merged');
    expect(h.fills()).toEqual([
      expect.objectContaining({ side: 'buy', quantity: '0.03', price: '71034.5', inferred: true }),
    ]);
  });

  it("an order's executedQty that grew in the gap takes the rebuilt fill, at its limit price", () => {
    const h = live();
    const from = reconnect(h);
    h.feed(
      fullState(T0 + 20_000, (d) => {
        d.openOrders[0].status = 'PARTIALLY_FILLED';
        d.openOrders[0].executedQty = '0.005';
        d.positions[0].quantity = '0.055';
        d.positions[0].avgEntryPrice = '70465.76363636';
      }),
    );
    expect(h.recover({ from, to: h.now }).recovery?.recovered).toBe('partial');
    expect(h.fills()).toEqual([
      expect.objectContaining({
        orderId: '12345',
        side: 'buy',
        quantity: '0.005',
        price: '70123.4',
        liquidity: 'maker',
      }),
    ]);
    // The venue's figures for the order, never an inference beyond them.
    expect(h.events().find((e) => e.kind === 'account-snapshot' && e.time === T0 + 20_000)).toMatchObject({
      openOrders: [{ orderId: '12345', status: 'partially_filled', filledQuantity: '0.005' }],
    });
  });

  it('only a balance changed (funding in the gap): partial, naming it, and no fill', () => {
    const h = live();
    const from = reconnect(h);
    h.feed(fullState(T0 + 20_000, (d) => (d.balances[0].walletBalance = '1249.27')));
    expect(h.recover({ from, to: h.now }).recovery).toEqual({
      recovered: 'partial',
      detail: expect.stringMatching(/^USDT balance changed between/),
    });
    expect(h.fills()).toEqual([]);
  });
});

describe('after a stall on the open socket (no reconnect)', () => {
  function stalled(): { h: Harness; from: number } {
    const h = live();
    const from = h.now;
    h.now += 15_000;
    h.feed(ticker); // the first frame after the stall: the lifecycle is live again and recovers
    return { h, from };
  }

  it('authenticates again on the socket, keeps its status and subscriptions, and reports on the full state that follows', () => {
    const { h, from } = stalled();
    const asked = h.recover({ from, to: h.now });
    expect(asked.send).toEqual([AUTH]);
    expect(asked.status).toBeUndefined();
    expect(asked.recovery).toBeUndefined();
    // ZDEX answers the repeated auth like the first one: authenticated, then the full state.
    const authed = h.feed(fixtureText('authenticated'));
    expect(authed.send).toEqual([]);
    expect(authed.status).toBeUndefined();
    const answer = h.feed(fullState(T0 + 20_000));
    expect(answer.recovery).toEqual({ recovered: 'full', detail: expect.stringContaining('no fill was missed') });
    expect(answer.status).toBeUndefined();
  });

  it('activity during the stall shows in that full state: partial, rebuilt as a fill', () => {
    const { h, from } = stalled();
    h.recover({ from, to: h.now });
    h.feed(fixtureText('authenticated'));
    const answer = h.feed(
      fullState(T0 + 20_000, (d) => {
        d.positions[0].quantity = '0.03';
        d.positions[0].realizedPnl = '20';
      }),
    );
    expect(answer.recovery?.recovered).toBe('partial');
    expect(h.fills()).toEqual([expect.objectContaining({ side: 'sell', quantity: '0.02', price: '71500' })]);
  });

  it('with a token that has expired since the socket logged in, waits for the fallback push instead of a rejected auth', () => {
    const h = new Harness(config({ auth: { token: makeJwt({ sub: 'clx-user', exp: (T0 + 10_000) / 1000 }) } }));
    h.authenticate();
    h.feedAll([state, ticker]);
    const from = h.now;
    h.now += 15_000;
    h.feed(ticker);
    expect(h.recover({ from, to: h.now }).send).toEqual([]);
    expect(h.feed(fullState(T0 + 60_000)).recovery?.recovered).toBe('full');
  });

  it('any full state after the stall will do (the ~60 s fallback push, if the auth answer is lost)', () => {
    const { h, from } = stalled();
    h.recover({ from, to: h.now });
    expect(h.feed(fullState(T0 + 60_000)).recovery?.recovered).toBe('full');
  });

  it('a full state already received after the stall began answers at once', () => {
    const h = live();
    const from = h.now;
    h.now += 15_000;
    h.feed(fullState(T0 + 30_000)); // the fallback push was the first frame after the stall
    expect(h.recover({ from, to: h.now })).toMatchObject({ send: [], recovery: { recovered: 'full' } });
  });

  it('an account frame received after the stall and before the recovery is not taken for the state before the gap', () => {
    const h = live();
    const from = h.now;
    h.now += 15_000;
    const update = sequence('sequence-maker-fill')[2]; // the position grew during the stall; this frame shows it
    h.feed(update);
    h.recover({ from, to: h.now });
    h.feed(fixtureText('authenticated'));
    const answer = h.feed(fullState(update.ts + 1, (d) => (d.positions = [update.data])));
    expect(answer.recovery?.recovered).toBe('partial');
    expect(answer.recovery?.detail).toContain('BTCUSDT position');
  });

  it(`no full state within ${RECOVERY_WAIT_MS / 1000} s: partial, with the reason`, () => {
    const { h, from } = stalled();
    h.recover({ from, to: h.now });
    expect(h.heartbeat(h.now + 15_000).recovery).toBeUndefined();
    expect(h.heartbeat(h.now + RECOVERY_WAIT_MS).recovery).toEqual({
      recovered: 'partial',
      detail: expect.stringMatching(/^ZDEX sent no full account state within 1\d\d s after the gap: fills between/),
    });
  });

  it('a drop while waiting: the next socket reports once the lifecycle recovers the extended window', () => {
    const { h, from } = stalled();
    h.recover({ from, to: h.now });
    reconnect(h);
    expect(h.feed(fullState(T0 + 40_000)).recovery).toBeUndefined(); // the wait ended with the socket
    expect(h.recover({ from, to: h.now }).recovery?.recovered).toBe('full');
  });
});

describe('events the page dropped while the socket streamed on (the ingest buffer was full)', () => {
  it("are emitted again from the session's log: full, with no request to the venue", () => {
    const h = live();
    const from = h.now + 1;
    const update = sequence('sequence-maker-fill')[2];
    h.feedAll([update, fixtureText('balance-update'), sequence('sequence-maker-fill')[3]]);
    const emitted = h.events(h.outputs.length - 3);
    const out = h.recover({ from, to: h.now });
    expect(out.send).toEqual([]);
    expect(out.recovery).toEqual({ recovered: 'full', detail: expect.stringContaining('emitted them again') });
    expect(out.events).toEqual(emitted);
    expect(out.events.map((e) => e.kind)).toEqual(['position', 'balance', 'account-snapshot', 'fill', 'order']);
  });

  it('partial when the log no longer reaches back to the start of the window', () => {
    const h = live();
    const from = h.now + 1;
    for (let i = 0; i < 5_501; i++) {
      const balance = JSON.parse(fixtureText('balance-update'));
      balance.data.total = String(1000 + i);
      balance.ts = T0 + i;
      h.feed(balance);
    }
    const out = h.recover({ from, to: h.now });
    expect(out.recovery).toEqual({ recovered: 'partial', detail: expect.stringContaining('may be missing') });
  });
});

describe('the first live after a page reload', () => {
  it('partial: the state before the page closed is not known to a new session', () => {
    const h = live(); // a new session: its first full state is its baseline
    const out = h.recover({ from: T0 - 3_600_000, to: h.now });
    expect(out.recovery).toEqual({
      recovered: 'partial',
      detail: expect.stringContaining('the page was closed or the session restarted'),
    });
  });
});
