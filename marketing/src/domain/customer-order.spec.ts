import { CustomerOrder, PlacedOrder } from './customer-order';
import { InvalidMarketingInput } from './marketing.errors';

const AT = new Date('2025-03-01T10:00:00.000Z');
const placed: PlacedOrder = {
  orderId: 'o-1',
  customerId: 'alice',
  storeId: '1',
  placedAt: AT,
  items: [
    { menuId: 'chicken', name: 'Chicken', quantity: 1 },
    { menuId: 'chicken-cola', name: 'Cola', quantity: 2 },
    { menuId: 'chicken', name: 'Chicken', quantity: 2 },
  ],
};

describe('CustomerOrder', () => {
  it('counts once placed, with the lines of one menu merged', () => {
    const order = CustomerOrder.place(placed);
    expect(order.counts).toBe(true);
    expect(order.isNew).toBe(true);
    expect(order.snapshot()).toMatchObject({
      orderId: 'o-1',
      customerId: 'alice',
      storeId: '1',
      placedAt: AT,
      voided: false,
      lines: [
        { menuId: 'chicken', name: 'Chicken', quantity: 3 },
        { menuId: 'chicken-cola', name: 'Cola', quantity: 2 },
      ],
    });
  });

  it('stops counting when cancelled, rejected or refunded; a second void changes nothing', () => {
    const order = CustomerOrder.place(placed);
    expect(order.void({ orderId: 'o-1', reason: 'changed my mind' })).toBe('voided');
    expect(order.counts).toBe(false);
    expect(order.snapshot().voidReason).toBe('changed my mind');
    expect(order.void({ orderId: 'o-1', reason: 'refund' })).toBe('unchanged');
    expect(order.snapshot().voidReason).toBe('changed my mind');
  });

  it('never counts an order whose void overtook OrderPlaced', () => {
    const order = CustomerOrder.voidedFirst({ orderId: 'o-1', reason: 'sold out', storeId: '1' });
    expect(order.counts).toBe(false);
    expect(order.isPlaced).toBe(false);
    expect(order.placeAgain(placed)).toBe('placed-voided');
    expect(order.isPlaced).toBe(true);
    expect(order.counts).toBe(false);
    expect(order.snapshot().lines).toHaveLength(2);
  });

  it('treats a second OrderPlaced as a duplicate', () => {
    const order = CustomerOrder.place(placed);
    expect(order.placeAgain({ ...placed, items: [{ menuId: 'pizza', name: 'Pizza', quantity: 1 }] })).toBe('duplicate');
    expect(order.snapshot().lines.map((line) => line.menuId)).toEqual(['chicken', 'chicken-cola']);
  });

  it('refuses an order without items or customer, a bad quantity and a void without a reason', () => {
    expect(() => CustomerOrder.place({ ...placed, items: [] })).toThrow(InvalidMarketingInput);
    expect(() => CustomerOrder.place({ ...placed, customerId: ' ' })).toThrow(/customerId/);
    expect(() => CustomerOrder.place({ ...placed, items: [{ menuId: 'x', name: 'X', quantity: 0 }] })).toThrow(
      /quantity/,
    );
    expect(() => CustomerOrder.voidedFirst({ orderId: 'o-1', reason: '  ' })).toThrow(/reason/);
  });
});
