import { useEffect, useRef, useState } from 'react';
import { ApiError, NETWORK_ERROR } from '../../api/client';
import type { Order, PlaceOrderRequest, StoreMenu } from '../../api/types';
import { useApp } from '../../components/app-context';
import { Notice } from '../../components/notice';
import { Screen } from '../../components/screen';
import { MAX_QUANTITY, newIdempotencyKey, type Cart } from '../../cart';
import { won } from '../../format';
import { deadlineIn, useCountdown } from '../../hooks';

interface Props {
  storeId: string;
  cart: Cart;
  setQuantity: (menuId: string, quantity: number) => void;
  clearCart: () => void;
  placed: (order: Order) => void;
}

/** A checkout attempt: its key is sent again only for the very same cart, while its outcome is unknown. */
interface Attempt {
  key: string;
  cart: string;
}

/**
 * A store's menu (GET /stores/:id/menu), the cart, and the checkout (POST /orders, full form, with
 * an Idempotency-Key per attempt so a double click or a retry after a lost answer is one order).
 * The cart adds up menu prices as a guide; the order's total is the server's (its answer).
 */
export function MenuScreen({ storeId, cart, setQuantity, clearCart, placed }: Props) {
  const { api } = useApp();
  const [menu, setMenu] = useState<StoreMenu>();
  const [loadError, setLoadError] = useState<string>();
  const [problem, setProblem] = useState<{ title: string; detail: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [retryAt, setRetryAt] = useState<number>();
  const waiting = useCountdown(retryAt);
  const inFlight = useRef(false);
  const attempt = useRef<Attempt | undefined>(undefined);

  useEffect(() => {
    let live = true;
    api.menu(storeId).then(
      (answer) => live && setMenu(answer),
      (caught: unknown) =>
        live && setLoadError(caught instanceof ApiError ? caught.message : 'The menu could not be loaded.'),
    );
    return () => {
      live = false;
    };
  }, [api, storeId]);

  const lines = (menu?.menu ?? []).filter((item) => (cart[item.menuId] ?? 0) > 0);
  const estimate = lines.reduce((sum, item) => sum + item.price * (cart[item.menuId] ?? 0), 0);

  const placeOrder = async () => {
    if (inFlight.current || lines.length === 0) return;
    inFlight.current = true;
    setSubmitting(true);
    setProblem(undefined);
    const request: PlaceOrderRequest = {
      storeId,
      items: lines.map((item) => ({ menuId: item.menuId, quantity: cart[item.menuId] ?? 1 })),
    };
    const signature = JSON.stringify(request);
    if (attempt.current?.cart !== signature) attempt.current = { key: newIdempotencyKey(), cart: signature };
    try {
      const order = await api.placeOrder(request, attempt.current.key);
      attempt.current = undefined;
      clearCart();
      placed(order);
    } catch (caught) {
      const outcome = checkoutProblem(caught);
      setProblem({ title: outcome.title, detail: outcome.detail });
      // a failed attempt stays failed for its key: the next one gets a new key
      if (!outcome.sameAttempt) attempt.current = undefined;
      if (outcome.retryAfterSeconds !== undefined) setRetryAt(deadlineIn(outcome.retryAfterSeconds));
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const disabled = submitting || waiting > 0 || lines.length === 0;
  return (
    <Screen title={menu?.name ?? 'Menu'}>
      <p>
        <a href="#/stores">← All stores</a>
      </p>
      <Notice kind="error">{loadError}</Notice>
      {menu === undefined && !loadError ? <p aria-busy="true">Loading the menu…</p> : null}
      {menu ? (
        <ul className="cards" aria-label={`Menu of ${menu.name}`}>
          {menu.menu.map((item) => {
            const quantity = cart[item.menuId] ?? 0;
            const inputId = `quantity-${item.menuId}`;
            return (
              <li key={item.menuId} className="card menu-item">
                <div>
                  <span className="item-name" id={`name-${item.menuId}`}>
                    {item.name}
                  </span>
                  {item.description ? <span className="muted item-description">{item.description}</span> : null}
                  <span className="price">{won(item.price)}</span>
                </div>
                <div className="stepper" role="group" aria-labelledby={`name-${item.menuId}`}>
                  <button
                    type="button"
                    aria-label={`One less ${item.name}`}
                    disabled={quantity === 0}
                    onClick={() => setQuantity(item.menuId, quantity - 1)}
                  >
                    −
                  </button>
                  <label htmlFor={inputId} className="visually-hidden">
                    Quantity of {item.name}
                  </label>
                  <input
                    id={inputId}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={MAX_QUANTITY}
                    value={quantity}
                    onChange={(event) => setQuantity(item.menuId, Number(event.target.value) || 0)}
                  />
                  <button
                    type="button"
                    aria-label={`One more ${item.name}`}
                    disabled={quantity >= MAX_QUANTITY}
                    onClick={() => setQuantity(item.menuId, quantity + 1)}
                  >
                    +
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      {menu ? (
        <section aria-labelledby="cart-heading" className="card cart">
          <h2 id="cart-heading">Your cart</h2>
          {lines.length === 0 ? (
            <p className="muted">Empty: add something from the menu.</p>
          ) : (
            <>
              <ul className="plain-list">
                {lines.map((item) => (
                  <li key={item.menuId} className="cart-line">
                    <span>
                      {cart[item.menuId]} × {item.name}
                    </span>
                    <span>{won(item.price * (cart[item.menuId] ?? 0))}</span>
                  </li>
                ))}
              </ul>
              <p className="cart-total">
                <span>Menu prices add up to</span> <strong>{won(estimate)}</strong>
              </p>
              <p className="hint">
                The store&apos;s prices are applied when you place the order; the total you pay is shown with the order.
              </p>
            </>
          )}
          <Notice kind="error">
            {problem ? (
              <>
                <strong>{problem.title}</strong> {problem.detail}
              </>
            ) : null}
          </Notice>
          <button
            type="button"
            className="primary wide"
            disabled={disabled}
            aria-disabled={disabled}
            onClick={() => void placeOrder()}
          >
            {submitting ? 'Placing your order…' : waiting > 0 ? `Retry in ${waiting} s` : 'Place order'}
          </button>
        </section>
      ) : null}
    </Screen>
  );
}

/** What a failed checkout tells the customer: a plain headline and the server's own words. */
function checkoutProblem(caught: unknown): {
  title: string;
  detail: string;
  sameAttempt: boolean;
  retryAfterSeconds?: number;
} {
  if (!(caught instanceof ApiError))
    return { title: 'Something went wrong.', detail: 'The order was not placed.', sameAttempt: false };
  const retry = caught.retryAfterSeconds;
  const detail = caught.message;
  switch (caught.status) {
    case 402:
      return { title: 'Payment declined.', detail, sameAttempt: false };
    case 503:
      return { title: 'Payment unavailable.', detail, sameAttempt: false, retryAfterSeconds: retry ?? 5 };
    case 429:
      return { title: 'Too many requests.', detail, sameAttempt: true, retryAfterSeconds: retry };
    case 409:
      return { title: 'Still being processed.', detail, sameAttempt: true, retryAfterSeconds: retry ?? 2 };
    case NETWORK_ERROR:
    case 502:
    case 504:
      return {
        title: 'No answer.',
        detail:
          'We cannot tell whether the order went through. Place it again: the same attempt is never charged twice.',
        sameAttempt: true,
        retryAfterSeconds: retry,
      };
    default:
      return { title: 'The order was not placed.', detail, sameAttempt: false };
  }
}
