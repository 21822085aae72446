import { parsePlaceOrderRequest } from './place-order.request';

describe('parsePlaceOrderRequest', () => {
  it('accepts the httpie shorthand, with strings as httpie sends them', () => {
    expect(parsePlaceOrderRequest({ item: 'chicken', storeId: '1' })).toEqual({ storeId: '1', items: [{ name: 'chicken', quantity: 1 }] });
    expect(parsePlaceOrderRequest({ item: 'pizza', storeId: 2, quantity: '3' })).toEqual({ storeId: '2', items: [{ name: 'pizza', quantity: 3 }] });
  });

  it('accepts the full form', () => {
    expect(parsePlaceOrderRequest({ storeId: '1', items: [{ menuId: 'chicken', quantity: 2 }] })).toEqual({
      storeId: '1',
      items: [{ menuId: 'chicken', quantity: 2 }],
    });
  });

  it.each([
    [null, /must be a JSON object/],
    [[], /must be a JSON object/],
    [{ storeId: '1' }, /Name what to order/],
    [{ item: 'chicken' }, /storeId is required/],
    [{ item: 'chicken', storeId: '1', quantity: 0 }, /quantity: must be at least 1/],
    [{ item: 'chicken', storeId: '1', quantity: -2 }, /quantity: must be at least 1/],
    [{ item: 'chicken', storeId: '1', quantity: 1e9 }, /quantity: must be at most 100/],
    [{ item: 'chicken', storeId: '1', quantity: 'lots' }, /quantity/],
    [{ item: 'chicken', storeId: '1', quantity: 1.5 }, /quantity: must be a whole number/],
    [{ item: 42, storeId: '1' }, /item/],
    [{ storeId: '1', items: [] }, /items: must contain at least one item/],
    [{ storeId: '1', items: [{ menuId: 'chicken' }] }, /items.0.quantity is required/],
    [{ storeId: '1', items: 'chicken' }, /items/],
    [{ item: 'chicken', storeId: '1', price: 1 }, /unknown field\(s\): price/],
  ])('refuses %j with a message saying what is wrong', (body, message) => {
    expect(() => parsePlaceOrderRequest(body)).toThrow(message);
  });
});
