import { useCallback, useEffect, useMemo, useState } from 'react';
import { Api, ApiError } from './api/client';
import type { Caller, Order } from './api/types';
import { AppContext, type AppContextValue } from './components/app-context';
import { Notice } from './components/notice';
import { Screen } from './components/screen';
import { useCarts } from './cart';
import { hrefOf, navigate, useRoute, type Route } from './router';
import { AdminScreen } from './screens/admin/admin-screen';
import { AuthScreen } from './screens/auth-screen';
import { CouponsScreen } from './screens/customer/coupons-screen';
import { MenuScreen } from './screens/customer/menu-screen';
import { MyOrdersScreen } from './screens/customer/my-orders-screen';
import { NotificationsScreen } from './screens/customer/notifications-screen';
import { OrderScreen } from './screens/customer/order-screen';
import { StoresScreen } from './screens/customer/stores-screen';
import { StoreQueueScreen } from './screens/owner/store-queue-screen';
import { clearSession, loadSession, saveSession, type Session } from './session';
import { won } from './format';

type Role = Caller['role'];

/** The API client and the stream read the token from the tab's session at each call. */
const currentToken = () => loadSession()?.token;

const NAV: Record<Role, { route: Route; label: string }[]> = {
  customer: [
    { route: { screen: 'stores' }, label: 'Stores' },
    { route: { screen: 'orders' }, label: 'My orders' },
    { route: { screen: 'notifications' }, label: 'Notifications' },
    { route: { screen: 'coupons' }, label: 'Coupons' },
  ],
  owner: [{ route: { screen: 'queue' }, label: 'Queue' }],
  admin: [
    { route: { screen: 'admin' }, label: 'Payment provider' },
    { route: { screen: 'queue' }, label: 'Store orders' },
  ],
  service: [],
};

const HOME: Record<Role, Route> = {
  customer: { screen: 'stores' },
  owner: { screen: 'queue' },
  admin: { screen: 'admin' },
  service: { screen: 'login' },
};

/** Which screens each role may open (the server decides anyway; this keeps the page from showing a 403). */
const ALLOWED: Record<Role, readonly Route['screen'][]> = {
  customer: ['stores', 'menu', 'orders', 'order', 'notifications', 'coupons'],
  owner: ['queue'],
  admin: ['admin', 'queue'],
  service: [],
};

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [caller, setCaller] = useState<Caller>();
  const [loginMessage, setLoginMessage] = useState<string>();
  const [placed, setPlaced] = useState<Order>();
  const [meError, setMeError] = useState<string>();
  const { carts, setQuantity, clear, reset } = useCarts();

  const endSession = useCallback(
    (message: string) => {
      clearSession();
      reset();
      setSession(undefined);
      setCaller(undefined);
      setMeError(undefined);
      setLoginMessage(`Your session has ended (${message.replace(/\.$/, '')}). Please log in again.`);
      navigate({ screen: 'login' });
    },
    [reset],
  );
  const api = useMemo(() => new Api({ token: currentToken, onUnauthorized: endSession }), [endSession]);

  // who the token says we are (and whether it is still good)
  useEffect(() => {
    if (!session || caller || meError) return;
    let live = true;
    api.me().then(
      (me) => live && setCaller(me),
      // a 401 has ended the session already; anything else (the gateway away) is shown with a retry
      (caught: unknown) => {
        if (live && !(caught instanceof ApiError && caught.status === 401))
          setMeError(caught instanceof Error ? caught.message : 'The server could not be reached.');
      },
    );
    return () => {
      live = false;
    };
  }, [api, session, caller, meError]);

  // the screens a signed-in user may not see (or a signed-out user's deep link) go to the right place
  useEffect(() => {
    if (!session) {
      if (route.screen !== 'login' && route.screen !== 'signup') navigate({ screen: 'login' });
      return;
    }
    if (!caller) return;
    if (
      route.screen === 'home' ||
      route.screen === 'login' ||
      route.screen === 'signup' ||
      (route.screen !== 'not-found' && !ALLOWED[caller.role].includes(route.screen))
    ) {
      navigate(HOME[caller.role]);
    }
  }, [session, caller, route]);

  const signedIn = (newToken: string, expiresInSeconds: number) => {
    const next = saveSession(newToken, expiresInSeconds);
    setSession(next);
    setCaller(undefined);
    setMeError(undefined);
    setLoginMessage(undefined);
  };

  const logOut = () => {
    clearSession();
    reset();
    setSession(undefined);
    setCaller(undefined);
    setLoginMessage('You are logged out.');
    navigate({ screen: 'login' });
  };

  const context: AppContextValue | undefined = useMemo(
    () => (caller ? { api, caller, token: currentToken, endSession } : undefined),
    [api, caller, endSession],
  );

  let content;
  if (!session) {
    content = (
      <AuthScreen
        mode={route.screen === 'signup' ? 'signup' : 'login'}
        api={api}
        message={loginMessage}
        signedIn={signedIn}
      />
    );
  } else if (!caller || !context) {
    content = meError ? (
      <Screen title="Cannot reach the server">
        <Notice kind="error">{meError}</Notice>
        <button type="button" className="primary" onClick={() => setMeError(undefined)}>
          Try again
        </button>
      </Screen>
    ) : (
      <p aria-busy="true">Loading…</p>
    );
  } else {
    content = <AppContext.Provider value={context}>{screenOf(route)}</AppContext.Provider>;
  }

  function screenOf(current: Route) {
    switch (current.screen) {
      case 'stores':
        return <StoresScreen />;
      case 'menu':
        return (
          <MenuScreen
            key={current.storeId}
            storeId={current.storeId}
            cart={carts[current.storeId] ?? {}}
            setQuantity={(menuId, quantity) => setQuantity(current.storeId, menuId, quantity)}
            clearCart={() => clear(current.storeId)}
            placed={(order) => {
              setPlaced(order);
              navigate({ screen: 'order', orderId: order.orderId });
            }}
          />
        );
      case 'orders':
        return <MyOrdersScreen />;
      case 'order':
        return (
          <OrderScreen
            key={current.orderId}
            orderId={current.orderId}
            placedOrder={placed}
            placedMessage={
              placed?.orderId === current.orderId ? `Order placed and paid: ${won(placed.totalAmount)}.` : undefined
            }
          />
        );
      case 'notifications':
        return <NotificationsScreen />;
      case 'coupons':
        return <CouponsScreen />;
      case 'queue':
        return <StoreQueueScreen />;
      case 'admin':
        return <AdminScreen />;
      case 'not-found':
        return (
          <Screen title="Not found">
            <Notice kind="info">There is no page at {current.path}.</Notice>
            <p>
              <a href="#/">Go to the start</a>
            </p>
          </Screen>
        );
      default:
        return <p aria-busy="true">Loading…</p>;
    }
  }

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="top">
        <div className="top-row">
          <a className="brand" href="#/">
            fooddelivery
          </a>
          {caller ? (
            <div className="who">
              <span>
                {caller.sub}
                <span className="muted">
                  {' '}
                  · {caller.role === 'owner' ? `owner of store ${caller.storeId ?? ''}` : caller.role}
                </span>
              </span>
              <button type="button" className="link-button" onClick={logOut}>
                Log out
              </button>
            </div>
          ) : null}
        </div>
        {caller && NAV[caller.role].length > 0 ? (
          <nav aria-label="Main">
            <ul>
              {NAV[caller.role].map((item) => {
                const current =
                  item.route.screen === route.screen ||
                  (item.route.screen === 'stores' && route.screen === 'menu') ||
                  (item.route.screen === 'orders' && route.screen === 'order');
                return (
                  <li key={item.label}>
                    <a href={hrefOf(item.route)} aria-current={current ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {content}
      </main>
      <footer className="foot">
        <p className="muted">
          fooddelivery · <a href="/docs">API</a>
        </p>
      </footer>
    </>
  );
}
