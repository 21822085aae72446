import { InvalidMarketingInput } from './marketing.errors';

/** One menu of an order as recommendations count it (lines of the same menu merged). */
export interface OrderedMenu {
  menuId: string;
  name: string;
  quantity: number;
}

/** An order as OrderPlaced reports it. */
export interface PlacedOrder {
  orderId: string;
  customerId: string;
  storeId: string;
  items: readonly OrderedMenu[];
  /** The OrderPlaced event's occurredAt. */
  placedAt: Date;
}

/** Why an order stopped counting: cancelled (app), rejected (store) or refunded (pay). */
export interface OrderVoid {
  orderId: string;
  reason: string;
  customerId?: string;
  storeId?: string;
}

export interface CustomerOrderState {
  orderId: string;
  /** Unset only while the order is known from a void alone (the void overtook OrderPlaced). */
  customerId?: string;
  storeId?: string;
  /** Set once OrderPlaced arrived. */
  placedAt?: Date;
  lines: OrderedMenu[];
  voided: boolean;
  voidReason?: string;
  /** Optimistic concurrency: 0 until first stored, then incremented by every stored change. */
  version: number;
}

/**
 * - placed: the order now counts for recommendations;
 * - placed-voided: it was placed, but its cancellation (or rejection, refund) arrived first, so it never counts;
 * - duplicate: OrderPlaced for an order already placed; nothing changed.
 */
export type PlaceOutcome = 'placed' | 'placed-voided' | 'duplicate';

/** - voided: it no longer counts; - unchanged: it was voided before. */
export type VoidOutcome = 'voided' | 'unchanged';

const MAX_REASON = 500;

/**
 * CustomerOrder: an order as marketing's recommendations see it — who ordered which menus at which
 * store, and whether it still counts. An order counts once placed and until it is cancelled,
 * rejected or refunded. Events of one order come in order (one partition), but a void from store or
 * pay may overtake app's OrderPlaced; the void is then kept first and the late OrderPlaced never counts.
 */
export class CustomerOrder {
  private constructor(private state: CustomerOrderState) {}

  static place(order: PlacedOrder): CustomerOrder {
    const fields = validPlaced(order);
    return new CustomerOrder({ orderId: order.orderId, ...fields, voided: false, version: 0 });
  }

  /** A void for an order marketing has not seen placed yet: remembered so its OrderPlaced never counts. */
  static voidedFirst(input: OrderVoid): CustomerOrder {
    if (input.orderId.trim().length === 0) throw new InvalidMarketingInput('orderId must not be empty');
    return new CustomerOrder({
      orderId: input.orderId,
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.storeId ? { storeId: input.storeId } : {}),
      lines: [],
      voided: true,
      voidReason: reasonOf(input.reason, input.orderId),
      version: 0,
    });
  }

  static restore(state: CustomerOrderState): CustomerOrder {
    return new CustomerOrder(copy(state));
  }

  get orderId(): string {
    return this.state.orderId;
  }

  get version(): number {
    return this.state.version;
  }

  get isNew(): boolean {
    return this.state.version === 0;
  }

  get isPlaced(): boolean {
    return this.state.placedAt !== undefined;
  }

  /** Whether the order counts for recommendations. */
  get counts(): boolean {
    return this.isPlaced && !this.state.voided;
  }

  snapshot(): Readonly<CustomerOrderState> {
    return copy(this.state);
  }

  /** OrderPlaced for an order known already (from a void, or placed before). */
  placeAgain(order: PlacedOrder): PlaceOutcome {
    if (order.orderId !== this.state.orderId) throw new InvalidMarketingInput('not the same order', order.orderId);
    if (this.isPlaced) return 'duplicate';
    this.state = { ...this.state, ...validPlaced(order) };
    return this.state.voided ? 'placed-voided' : 'placed';
  }

  void(input: OrderVoid): VoidOutcome {
    if (this.state.voided) return 'unchanged';
    this.state = {
      ...this.state,
      voided: true,
      voidReason: reasonOf(input.reason, this.state.orderId),
      ...(this.state.customerId === undefined && input.customerId ? { customerId: input.customerId } : {}),
      ...(this.state.storeId === undefined && input.storeId ? { storeId: input.storeId } : {}),
    };
    return 'voided';
  }

  committed(version: number): void {
    this.state = { ...this.state, version };
  }
}

function validPlaced(order: PlacedOrder): Pick<CustomerOrderState, 'customerId' | 'storeId' | 'placedAt' | 'lines'> {
  for (const field of ['orderId', 'customerId', 'storeId'] as const) {
    if (order[field].trim().length === 0) throw new InvalidMarketingInput(`${field} must not be empty`, order.orderId);
  }
  if (order.items.length === 0) throw new InvalidMarketingInput('an order needs at least one item', order.orderId);
  const lines = new Map<string, OrderedMenu>();
  for (const item of order.items) {
    if (item.menuId.trim().length === 0) throw new InvalidMarketingInput('menuId must not be empty', order.orderId);
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      throw new InvalidMarketingInput('quantity must be a positive whole number', order.orderId);
    }
    const seen = lines.get(item.menuId);
    lines.set(item.menuId, seen ? { ...seen, quantity: seen.quantity + item.quantity } : { ...item });
  }
  return { customerId: order.customerId, storeId: order.storeId, placedAt: order.placedAt, lines: [...lines.values()] };
}

function reasonOf(reason: string, orderId: string): string {
  const text = reason.trim();
  if (text.length === 0) throw new InvalidMarketingInput('a void needs a reason', orderId);
  return text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`;
}

function copy(state: CustomerOrderState): CustomerOrderState {
  return { ...state, lines: state.lines.map((line) => ({ ...line })) };
}
