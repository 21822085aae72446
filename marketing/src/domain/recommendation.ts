import { InvalidMarketingInput } from './marketing.errors';

/** A menu is identified by its store and its id (ids are the store's own). */
export interface MenuRef {
  storeId: string;
  menuId: string;
}

export interface NamedMenu extends MenuRef {
  name: string;
}

/** A menu in the asking customer's own history: in how many of their (counting) orders it was. */
export interface MenuHistory extends NamedMenu {
  orders: number;
}

/** Another customer who ordered at least one of the asking customer's menus, with every menu they ordered. */
export interface NeighbourHistory {
  customerId: string;
  menus: NamedMenu[];
}

/** How many distinct customers (the asking one included) have a counting order of a menu. */
export interface MenuReach extends MenuRef {
  customers: number;
}

/** One menu of one counting order placed recently (the popularity signal). */
export interface RecentLine extends NamedMenu {
  placedAt: Date;
}

/** In how many of the asking customer's counting orders a store was. */
export interface StoreHistory {
  storeId: string;
  orders: number;
}

/** Everything a recommendation is computed from: a slice of the customer × menu matrix. */
export interface RecommendationInput {
  /** Unset: nobody in particular (popular now only). */
  customerId?: string;
  own: MenuHistory[];
  ownStores: StoreHistory[];
  neighbours: NeighbourHistory[];
  reach: MenuReach[];
  recent: RecentLine[];
}

export interface RecommendationSettings {
  /** Top K menus (and stores). */
  limit: number;
  /** Popularity counts orders placed within this many days. */
  windowDays: number;
  /** An order's popularity weight halves every this many days. */
  halfLifeDays: number;
}

/** reorder: the customer's own; also-ordered: co-occurrence with their menus; popular: popular now. */
export type RecommendationBasis = 'reorder' | 'also-ordered' | 'popular';

export interface MenuRecommendation extends NamedMenu {
  score: number;
  basis: RecommendationBasis;
  reason: string;
}

export interface StoreRecommendation {
  storeId: string;
  score: number;
  basis: RecommendationBasis;
  reason: string;
}

export interface Recommendations {
  customerId?: string;
  /** history: built from the customer's own orders; popular: cold start, popular now only. */
  basis: 'history' | 'popular';
  menus: MenuRecommendation[];
  stores: StoreRecommendation[];
}

/** The weights of the three signals, each normalised to [0, 1]. */
export const RECOMMENDATION_WEIGHTS = Object.freeze({ own: 3, alsoOrdered: 2, popular: 1 });

const DAY_MS = 86_400_000;

interface Candidate extends NamedMenu {
  key: string;
  ownOrders: number;
  own: number;
  alsoOrdered: number;
  /** The customer's menu that contributes most to `alsoOrdered`. */
  because?: string;
  popular: number;
  recentOrders: number;
  score: number;
}

/**
 * Ranks menus and stores for one customer (see the README for the method):
 *
 *   score(j) = 3·own(j) + 2·also(j) + 1·popular(j)
 *
 * - own(j) = ln(1 + n_j) / ln(1 + max n): n_j = the customer's orders containing j;
 * - also(j) = Σ_i w_i·cos(i, j) / Σ_i w_i over the customer's menus i ≠ j, w_i = ln(1 + n_i), with
 *   cos(i, j) = |U_i ∩ U_j| / √(|U_i|·|U_j|), U_x = the *other* customers with an order of x
 *   (item-item cosine similarity over the binary customer × menu matrix);
 * - popular(j) = Σ over recent orders of j of 2^(−age / half-life), divided by the largest such sum.
 * Nothing the customer ordered is excluded. Each menu carries the reason of the most personal signal it has (own › also › popular).
 * Stores score the sum of their menus' scores.
 */
export function recommend(input: RecommendationInput, settings: RecommendationSettings, now: Date): Recommendations {
  for (const field of ['limit', 'windowDays', 'halfLifeDays'] as const) {
    if (!Number.isFinite(settings[field]) || settings[field] <= 0) {
      throw new InvalidMarketingInput(`${field} must be positive (got ${settings[field]})`);
    }
  }
  const candidates = new Map<string, Candidate>();
  const candidate = (menu: NamedMenu): Candidate => {
    const key = keyOf(menu);
    let found = candidates.get(key);
    if (!found) {
      found = {
        key,
        storeId: menu.storeId,
        menuId: menu.menuId,
        name: menu.name,
        ownOrders: 0,
        own: 0,
        alsoOrdered: 0,
        popular: 0,
        recentOrders: 0,
        score: 0,
      };
      candidates.set(key, found);
    }
    return found;
  };

  // own history
  const own = input.own.filter((menu) => menu.orders > 0);
  const maxOwn = Math.max(0, ...own.map((menu) => menu.orders));
  for (const menu of own) {
    const entry = candidate(menu);
    entry.ownOrders = menu.orders;
    entry.own = Math.log1p(menu.orders) / Math.log1p(maxOwn);
  }

  // item-item co-occurrence among the other customers
  const buyers = new Map<string, Set<string>>();
  for (const neighbour of input.neighbours) {
    if (neighbour.customerId === input.customerId) continue;
    for (const menu of neighbour.menus) {
      candidate(menu);
      const key = keyOf(menu);
      const set = buyers.get(key) ?? new Set<string>();
      set.add(neighbour.customerId);
      buyers.set(key, set);
    }
  }
  const reach = new Map(input.reach.map((menu) => [keyOf(menu), menu.customers]));
  const ownKeys = new Set(own.map(keyOf));
  const others = (key: string) =>
    Math.max(buyers.get(key)?.size ?? 0, (reach.get(key) ?? 0) - (ownKeys.has(key) ? 1 : 0));
  const totalWeight = own.reduce((sum, menu) => sum + Math.log1p(menu.orders), 0);
  if (totalWeight > 0) {
    for (const entry of candidates.values()) {
      let best = 0;
      let sum = 0;
      for (const mine of own) {
        const key = keyOf(mine);
        if (key === entry.key) continue;
        const shared = intersection(buyers.get(key), buyers.get(entry.key));
        if (shared === 0) continue;
        const cosine = Math.min(1, shared / Math.sqrt(others(key) * others(entry.key)));
        const contribution = Math.log1p(mine.orders) * cosine;
        sum += contribution;
        if (contribution > best) {
          best = contribution;
          entry.because = mine.name;
        }
      }
      entry.alsoOrdered = sum / totalWeight;
    }
  }

  // popular now, with time decay
  const windowStart = now.getTime() - settings.windowDays * DAY_MS;
  const halfLifeMs = settings.halfLifeDays * DAY_MS;
  for (const line of input.recent) {
    const at = line.placedAt.getTime();
    if (at < windowStart) continue;
    const entry = candidate(line);
    entry.popular += Math.pow(2, -Math.max(0, now.getTime() - at) / halfLifeMs);
    entry.recentOrders += 1;
  }
  const maxPopular = Math.max(0, ...[...candidates.values()].map((entry) => entry.popular));

  const W = RECOMMENDATION_WEIGHTS;
  const scored = [...candidates.values()]
    .map((entry) => {
      if (maxPopular > 0) entry.popular /= maxPopular;
      entry.score = W.own * entry.own + W.alsoOrdered * entry.alsoOrdered + W.popular * entry.popular;
      return entry;
    })
    .filter((entry) => entry.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.ownOrders - a.ownOrders ||
        b.recentOrders - a.recentOrders ||
        a.name.localeCompare(b.name) ||
        a.storeId.localeCompare(b.storeId) ||
        a.menuId.localeCompare(b.menuId),
    );

  const menus = scored.slice(0, settings.limit).map((entry): MenuRecommendation => ({
    storeId: entry.storeId,
    menuId: entry.menuId,
    name: entry.name,
    score: round(entry.score),
    basis: basisOf(entry),
    reason: reasonOf(entry, settings.windowDays),
  }));
  return {
    ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
    basis: own.length > 0 ? 'history' : 'popular',
    menus,
    stores: rankStores(scored, input.ownStores, settings.limit),
  };
}

function rankStores(scored: Candidate[], ownStores: StoreHistory[], limit: number): StoreRecommendation[] {
  const visits = new Map(ownStores.map((store) => [store.storeId, store.orders]));
  const stores = new Map<string, { score: number; best: Candidate }>();
  for (const entry of scored) {
    const store = stores.get(entry.storeId);
    if (store) store.score += entry.score;
    else stores.set(entry.storeId, { score: entry.score, best: entry }); // scored is best first
  }
  return [...stores.entries()]
    .sort(([a, x], [b, y]) => y.score - x.score || a.localeCompare(b))
    .slice(0, limit)
    .map(([storeId, { score, best }]): StoreRecommendation => {
      const orders = visits.get(storeId) ?? 0;
      if (orders > 0) {
        return { storeId, score: round(score), basis: 'reorder', reason: `you ordered from it ${times(orders)}` };
      }
      const basis = basisOf(best);
      const reason =
        basis === 'also-ordered'
          ? `customers who order ${best.because} also order its ${best.name}`
          : `popular now: its ${best.name}`;
      return { storeId, score: round(score), basis, reason };
    });
}

function basisOf(entry: Candidate): RecommendationBasis {
  if (entry.ownOrders > 0) return 'reorder';
  if (entry.alsoOrdered > 0 && entry.because !== undefined) return 'also-ordered';
  return 'popular';
}

function reasonOf(entry: Candidate, windowDays: number): string {
  switch (basisOf(entry)) {
    case 'reorder':
      return `you ordered it ${times(entry.ownOrders)}`;
    case 'also-ordered':
      return `customers who order ${entry.because} also order ${entry.name}`;
    case 'popular':
      return `popular now: ${entry.recentOrders} ${entry.recentOrders === 1 ? 'order' : 'orders'} in the last ${windowDays} days`;
  }
}

export function keyOf(menu: MenuRef): string {
  return `${menu.storeId}\u0000${menu.menuId}`;
}

function times(n: number): string {
  if (n === 1) return 'once';
  if (n === 2) return 'twice';
  return `${n} times`;
}

function intersection(a: Set<string> | undefined, b: Set<string> | undefined): number {
  if (!a || !b) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let count = 0;
  for (const value of small) if (large.has(value)) count++;
  return count;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
