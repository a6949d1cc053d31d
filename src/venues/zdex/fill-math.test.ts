import { describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import { decimalsOf, deriveFillLegs, realizedAfterClose, roundPrice, snapPrice, type FillLeg } from './fill-math';

const summary = (legs: FillLeg[]) =>
  legs.map((l) => ({
    side: l.side,
    quantity: l.quantity,
    price: l.rawPrice && roundPrice(l.rawPrice, 8),
    part: l.part,
  }));

describe('deriveFillLegs', () => {
  it('derives nothing when the quantity is unchanged (PnL recalculation, funding)', () => {
    expect(
      deriveFillLegs(
        { quantity: '0.05', avgEntryPrice: '70500', realizedPnl: '0' },
        { quantity: '0.05', avgEntryPrice: '70500', realizedPnl: '3' },
      ),
    ).toEqual([]);
  });

  it('opening from flat: price is the new average', () => {
    expect(
      summary(deriveFillLegs({ quantity: '0' }, { quantity: '-0.2', avgEntryPrice: '3500.5', realizedPnl: '0' })),
    ).toEqual([{ side: 'sell', quantity: '0.2', price: '3500.5', part: 'whole' }]);
  });

  it('growing: price from the averages, within the 8-dp rounding', () => {
    const [leg] = deriveFillLegs(
      { quantity: '0.05', avgEntryPrice: '70500', realizedPnl: '0' },
      { quantity: '0.063', avgEntryPrice: '70422.28888889', realizedPnl: '0' },
    );
    expect(leg?.side).toBe('buy');
    expect(leg?.quantity).toBe('0.013');
    expect(roundPrice(leg!.rawPrice!, 1)).toBe('70123.4');
    expect(leg!.rawPrice!.minus('70123.4').abs().lte(leg!.tolerance)).toBe(true);
  });

  it('shrinking a long: avg + Δrealized / closed', () => {
    expect(
      summary(
        deriveFillLegs(
          { quantity: '0.05', avgEntryPrice: '70500', realizedPnl: '0' },
          { quantity: '0.03', avgEntryPrice: '70500', realizedPnl: '20' },
        ),
      ),
    ).toEqual([{ side: 'sell', quantity: '0.02', price: '71500', part: 'whole' }]);
  });

  it('shrinking a short: the same formula handles the signs', () => {
    expect(
      summary(
        deriveFillLegs(
          { quantity: '-0.1', avgEntryPrice: '3500', realizedPnl: '0' },
          { quantity: '-0.06', avgEntryPrice: '3500', realizedPnl: '1.99' },
        ),
      ),
    ).toEqual([{ side: 'buy', quantity: '0.04', price: '3450.25', part: 'whole' }]);
    // A losing buy-back: realized falls.
    expect(
      summary(
        deriveFillLegs(
          { quantity: '-0.1', avgEntryPrice: '3500', realizedPnl: '5' },
          { quantity: '-0.05', avgEntryPrice: '3500', realizedPnl: '2.5' },
        ),
      ),
    ).toEqual([{ side: 'buy', quantity: '0.05', price: '3550', part: 'whole' }]);
  });

  it('closing to zero with PnL figures prices the close; without them the price is unknown', () => {
    expect(
      summary(
        deriveFillLegs(
          { quantity: '0.05', avgEntryPrice: '70500', realizedPnl: '0' },
          { quantity: '0', realizedPnl: '-10' },
        ),
      ),
    ).toEqual([{ side: 'sell', quantity: '0.05', price: '70300', part: 'whole' }]);
    expect(
      summary(
        deriveFillLegs(
          { positionId: '1', quantity: '0.05', avgEntryPrice: '70500', realizedPnl: '0' },
          { positionId: '1', quantity: '0' },
        ),
      ),
    ).toEqual([{ side: 'sell', quantity: '0.05', price: undefined, part: 'whole' }]);
  });

  it('a flip at one price is one fill through zero', () => {
    expect(
      summary(
        deriveFillLegs(
          { quantity: '0.05', avgEntryPrice: '70500', realizedPnl: '0' },
          { quantity: '-0.03', avgEntryPrice: '71000', realizedPnl: '25' },
        ),
      ),
    ).toEqual([{ side: 'sell', quantity: '0.08', price: '71000', part: 'whole' }]);
  });

  it('a flip whose prices differ is a close and an open', () => {
    expect(
      summary(
        deriveFillLegs(
          { quantity: '0.05', avgEntryPrice: '70500', realizedPnl: '0' },
          { quantity: '-0.03', avgEntryPrice: '70990', realizedPnl: '25' },
        ),
      ),
    ).toEqual([
      { side: 'sell', quantity: '0.05', price: '71000', part: 'close' },
      { side: 'sell', quantity: '0.03', price: '70990', part: 'open' },
    ]);
  });

  it('a new position id means the old position closed (unpriced) and a new one opened', () => {
    expect(
      summary(
        deriveFillLegs(
          { positionId: '1', quantity: '0.05', avgEntryPrice: '70500', realizedPnl: '9' },
          { positionId: '2', quantity: '0.02', avgEntryPrice: '71000', realizedPnl: '0' },
        ),
      ),
    ).toEqual([
      { side: 'sell', quantity: '0.05', price: undefined, part: 'close' },
      { side: 'buy', quantity: '0.02', price: '71000', part: 'open' },
    ]);
  });
});

describe('realizedAfterClose', () => {
  it("adds the closing fill's PnL against the rounded average, for longs and shorts, exactly", () => {
    // Long 0.05 @ 70500.12345678 with 9 realized, closed at 70612.3: 9 + 112.17654322 × 0.05.
    expect(realizedAfterClose({ quantity: '0.05', avgEntryPrice: '70500.12345678', realizedPnl: '9' }, '70612.3')).toBe(
      '14.608827161',
    );
    // Short −0.06 @ 3500 with 1.99 realized, bought back at 3450.5: 1.99 + 49.5 × 0.06.
    expect(realizedAfterClose({ quantity: '-0.06', avgEntryPrice: '3500', realizedPnl: '1.99' }, '3450.5')).toBe(
      '4.96',
    );
    // The same close reached by deriveFillLegs' shrink formula gives the price back: consistent both ways.
    const [leg] = deriveFillLegs(
      { quantity: '-0.06', avgEntryPrice: '3500', realizedPnl: '1.99' },
      { quantity: '0', realizedPnl: '4.96' },
    );
    expect(leg?.rawPrice?.toString()).toBe('3450.5');
  });

  it('is unknown without the last average or realized figure', () => {
    expect(realizedAfterClose({ quantity: '0.05', realizedPnl: '9' }, '70612.3')).toBeUndefined();
    expect(realizedAfterClose({ quantity: '0.05', avgEntryPrice: '70500' }, '70612.3')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('decimalsOf counts written decimals', () => {
    expect([decimalsOf('71034.50'), decimalsOf('70000'), decimalsOf('0.00010')]).toEqual([2, 0, 5]);
  });

  it('snapPrice picks the shortest price within the error bound, capped at the known precision', () => {
    const [leg] = deriveFillLegs(
      { quantity: '0.05', avgEntryPrice: '70500', realizedPnl: '0' },
      { quantity: '0.063', avgEntryPrice: '70422.28888889', realizedPnl: '0' },
    );
    expect(leg!.rawPrice!.eq('70123.4')).toBe(false); // the 8-dp average leaves an error of ~5e-9
    expect(snapPrice(leg!, 8)).toBe('70123.4');
    expect(roundPrice(leg!.rawPrice!, 8)).toBe('70123.40000001'); // what plain rounding at the default precision would say
    expect(snapPrice({ rawPrice: new Decimal('3450.25'), tolerance: new Decimal('0.000000005') }, 8)).toBe('3450.25');
    expect(snapPrice({ rawPrice: new Decimal('3450.25'), tolerance: new Decimal('0.000000005') }, 1)).toBe('3450.3');
    expect(snapPrice({ tolerance: new Decimal(0) }, 8)).toBeUndefined();
  });

  it('roundPrice rounds half up and refuses non-positive prices', () => {
    expect(roundPrice(new Decimal('70123.400000005'), 1)).toBe('70123.4');
    expect(roundPrice(new Decimal('0.05'), 1)).toBe('0.1');
    expect(roundPrice(new Decimal('0.04'), 1)).toBeUndefined();
    expect(roundPrice(new Decimal('-5'), 2)).toBeUndefined();
  });
});
