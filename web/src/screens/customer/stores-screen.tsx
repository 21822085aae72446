import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import type { Recommendations, StoreSummary } from '../../api/types';
import { useApp } from '../../components/app-context';
import { Notice } from '../../components/notice';
import { Screen } from '../../components/screen';

/** GET /stores, and GET /recommendations for the caller (marketing may be away: the stores still show). */
export function StoresScreen() {
  const { api } = useApp();
  const [stores, setStores] = useState<StoreSummary[]>();
  const [error, setError] = useState<string>();
  const [recommendations, setRecommendations] = useState<Recommendations>();
  const [recommendationsError, setRecommendationsError] = useState<string>();

  useEffect(() => {
    let live = true;
    api.stores().then(
      (answer) => live && setStores(answer),
      (caught: unknown) =>
        live && setError(caught instanceof ApiError ? caught.message : 'The stores could not be loaded.'),
    );
    api.recommendations().then(
      (answer) => live && setRecommendations(answer),
      (caught: unknown) => live && setRecommendationsError(caught instanceof ApiError ? caught.message : 'unavailable'),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const storeName = (storeId: string) => stores?.find((store) => store.storeId === storeId)?.name ?? `Store ${storeId}`;

  return (
    <Screen title="Stores">
      <Notice kind="error">{error}</Notice>
      {stores === undefined && !error ? <p aria-busy="true">Loading the stores…</p> : null}
      {stores ? (
        <ul className="cards" aria-label="Stores">
          {stores.map((store) => (
            <li key={store.storeId} className="card store">
              <a className="store-link" href={`#/stores/${encodeURIComponent(store.storeId)}`}>
                <span className="store-name">{store.name}</span>
                <span className="muted">
                  {store.category} · {store.items} {store.items === 1 ? 'item' : 'items'}
                </span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <section aria-labelledby="for-you" className="section">
        <h2 id="for-you">Recommended for you</h2>
        {recommendationsError ? (
          <p className="muted">Recommendations are unavailable right now ({recommendationsError}).</p>
        ) : null}
        {recommendations && recommendations.menus.length === 0 ? (
          <p className="muted">Nothing to recommend yet: order something first.</p>
        ) : null}
        {recommendations && recommendations.menus.length > 0 ? (
          <ul className="plain-list">
            {recommendations.menus.slice(0, 5).map((menu) => (
              <li key={`${menu.storeId}/${menu.menuId}`}>
                <a href={`#/stores/${encodeURIComponent(menu.storeId)}`}>
                  {menu.name} <span className="muted">at {storeName(menu.storeId)}</span>
                </a>
                <span className="hint"> — {menu.reason}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </Screen>
  );
}
