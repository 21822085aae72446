import { InvalidMarketingInput } from './marketing.errors';
import { RecentLine, RecommendationInput, RecommendationSettings, recommend } from './recommendation';

const NOW = new Date('2025-03-01T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const settings: RecommendationSettings = { limit: 10, windowDays: 30, halfLifeDays: 7 };

const pizza = { storeId: '2', menuId: 'pizza', name: 'Pizza' };
const garlic = { storeId: '2', menuId: 'garlic-bread', name: 'Garlic Bread' };
const chicken = { storeId: '1', menuId: 'chicken', name: 'Chicken' };
const cola = { storeId: '1', menuId: 'chicken-cola', name: 'Cola' };
const noodles = { storeId: '3', menuId: 'jjajangmyeon', name: 'Jjajangmyeon' };

const empty: RecommendationInput = { own: [], ownStores: [], neighbours: [], reach: [], recent: [] };
const lines = (menu: typeof pizza, count: number, days = 0): RecentLine[] =>
  Array.from({ length: count }, () => ({ ...menu, placedAt: daysAgo(days) }));

describe('recommend', () => {
  it('answers a customer without history with what is popular now, most ordered first', () => {
    const result = recommend(
      { ...empty, customerId: 'bob', recent: [...lines(chicken, 3), ...lines(pizza, 1), ...lines(cola, 2)] },
      settings,
      NOW,
    );
    expect(result.basis).toBe('popular');
    expect(result.customerId).toBe('bob');
    expect(result.menus).toEqual([
      { ...chicken, score: 1, basis: 'popular', reason: 'popular now: 3 orders in the last 30 days' },
      { ...cola, score: 0.667, basis: 'popular', reason: 'popular now: 2 orders in the last 30 days' },
      { ...pizza, score: 0.333, basis: 'popular', reason: 'popular now: 1 order in the last 30 days' },
    ]);
    expect(result.stores).toEqual([
      { storeId: '1', score: 1.667, basis: 'popular', reason: 'popular now: its Chicken' },
      { storeId: '2', score: 0.333, basis: 'popular', reason: 'popular now: its Pizza' },
    ]);
  });

  it('lets popularity decay with age (half-life) and ignores orders outside the window', () => {
    const result = recommend(
      {
        ...empty,
        recent: [...lines(chicken, 2, 14), ...lines(pizza, 1, 0), ...lines(noodles, 50, 31)],
      },
      settings,
      NOW,
    );
    // chicken: 2 orders two half-lives ago = 2 × 0.25 = 0.5; pizza: 1 today = 1
    expect(result.menus.map((menu) => [menu.menuId, menu.score])).toEqual([
      ['pizza', 1],
      ['chicken', 0.5],
    ]);
  });

  it("puts the customer's own menus first, then what customers who share them also order (cosine), then the popular rest", () => {
    const input: RecommendationInput = {
      customerId: 'bob',
      own: [{ ...pizza, orders: 2 }],
      ownStores: [{ storeId: '2', orders: 2 }],
      neighbours: [
        { customerId: 'erin', menus: [pizza, garlic] },
        { customerId: 'frank', menus: [pizza, garlic] },
        { customerId: 'carol', menus: [pizza, chicken] },
      ],
      reach: [
        { ...pizza, customers: 4 },
        { ...garlic, customers: 2 },
        { ...chicken, customers: 3 },
      ],
      recent: lines(noodles, 1),
    };
    const result = recommend(input, settings, NOW);
    expect(result.basis).toBe('history');
    // own(pizza) = 1; U_pizza = {erin, frank, carol}; cos(pizza, garlic) = 2/√(3·2); cos(pizza, chicken) = 1/√(3·3)
    expect(result.menus).toEqual([
      { ...pizza, score: 3, basis: 'reorder', reason: 'you ordered it twice' },
      {
        ...garlic,
        score: Math.round(2 * (2 / Math.sqrt(6)) * 1000) / 1000,
        basis: 'also-ordered',
        reason: 'customers who order Pizza also order Garlic Bread',
      },
      { ...noodles, score: 1, basis: 'popular', reason: 'popular now: 1 order in the last 30 days' },
      {
        ...chicken,
        score: 0.667,
        basis: 'also-ordered',
        reason: 'customers who order Pizza also order Chicken',
      },
    ]);
    expect(result.stores).toEqual([
      { storeId: '2', score: 4.633, basis: 'reorder', reason: 'you ordered from it twice' },
      { storeId: '3', score: 1, basis: 'popular', reason: 'popular now: its Jjajangmyeon' },
      {
        storeId: '1',
        score: 0.667,
        basis: 'also-ordered',
        reason: 'customers who order Pizza also order its Chicken',
      },
    ]);
  });

  it('weighs own menus by log of the order count and excludes none of them, however rarely ordered', () => {
    const result = recommend(
      {
        ...empty,
        customerId: 'alice',
        own: [
          { ...chicken, orders: 3 },
          { ...cola, orders: 1 },
        ],
        ownStores: [{ storeId: '1', orders: 3 }],
      },
      { ...settings, limit: 5 },
      NOW,
    );
    expect(result.menus).toEqual([
      { ...chicken, score: 3, basis: 'reorder', reason: 'you ordered it 3 times' },
      { ...cola, score: 1.5, basis: 'reorder', reason: 'you ordered it once' },
    ]);
  });

  it('explains a co-ordered menu by the customer menu that contributes most', () => {
    const result = recommend(
      {
        ...empty,
        customerId: 'alice',
        own: [
          { ...chicken, orders: 1 },
          { ...pizza, orders: 4 },
        ],
        neighbours: [
          { customerId: 'x', menus: [chicken, cola] },
          { customerId: 'y', menus: [pizza, cola] },
          { customerId: 'z', menus: [pizza, cola] },
        ],
        reach: [
          { ...chicken, customers: 2 },
          { ...pizza, customers: 3 },
          { ...cola, customers: 3 },
        ],
      },
      settings,
      NOW,
    );
    expect(result.menus.find((menu) => menu.menuId === 'chicken-cola')?.reason).toBe(
      'customers who order Pizza also order Cola',
    );
  });

  it('returns the top K, ignores the customer among the neighbours, and breaks ties by name', () => {
    const result = recommend(
      {
        ...empty,
        customerId: 'bob',
        neighbours: [{ customerId: 'bob', menus: [noodles] }],
        recent: [...lines(pizza, 1), ...lines(chicken, 1), ...lines(garlic, 1)],
      },
      { ...settings, limit: 2 },
      NOW,
    );
    expect(result.menus.map((menu) => menu.name)).toEqual(['Chicken', 'Garlic Bread']);
    expect(result.stores.map((store) => store.storeId)).toEqual(['2', '1']);
  });

  it('answers nothing at all when nothing was ordered, and refuses bad settings', () => {
    expect(recommend(empty, settings, NOW)).toEqual({ basis: 'popular', menus: [], stores: [] });
    expect(() => recommend(empty, { ...settings, limit: 0 }, NOW)).toThrow(InvalidMarketingInput);
    expect(() => recommend(empty, { ...settings, halfLifeDays: -1 }, NOW)).toThrow(/halfLifeDays/);
  });
});
