import { InvalidOrderRequest } from './order.errors';
import { priceOrder, Store, totalOf } from './catalog';

const store: Store = {
  storeId: '2',
  name: 'Pizza Napoli',
  category: 'pizza',
  menu: [
    { menuId: 'pizza', name: 'Pizza', price: 21000 },
    { menuId: 'pizza-cola', name: 'Cola', price: 2000 },
  ],
};

describe('priceOrder', () => {
  it('prices from the menu, matches names case-insensitively and merges repeats', () => {
    const lines = priceOrder(store, [
      { name: '  PIZZA ', quantity: 1 },
      { menuId: 'pizza', quantity: 2 },
      { name: 'cola', quantity: 1 },
    ]);
    expect(lines).toEqual([
      { menuId: 'pizza', name: 'Pizza', quantity: 3, unitPrice: 21000 },
      { menuId: 'pizza-cola', name: 'Cola', quantity: 1, unitPrice: 2000 },
    ]);
    expect(totalOf(lines)).toBe(65000);
  });

  it('names what the store sells when an item is unknown', () => {
    expect(() => priceOrder(store, [{ name: 'chicken', quantity: 1 }])).toThrow(
      new InvalidOrderRequest('Store 2 (Pizza Napoli) does not sell "chicken"; it sells: Pizza, Cola'),
    );
    expect(() => priceOrder(store, [{ menuId: 'nope', quantity: 1 }])).toThrow(/has no menu item "nope"/);
  });

  it.each([0, -1, 1.5, 101])('refuses quantity %p', (quantity) => {
    expect(() => priceOrder(store, [{ menuId: 'pizza', quantity }])).toThrow(/quantity of "Pizza" must be a whole number from 1 to 100/);
  });

  it('refuses an empty order and one whose merged quantity is absurd', () => {
    expect(() => priceOrder(store, [])).toThrow(/at least one item/);
    expect(() => priceOrder(store, [{ menuId: 'pizza', quantity: 60 }, { name: 'pizza', quantity: 60 }])).toThrow(/at most 100 in total/);
  });
});
