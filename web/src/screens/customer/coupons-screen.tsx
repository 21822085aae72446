import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { Coupon } from '../../api/types';
import { useApp } from '../../components/app-context';
import { Notice } from '../../components/notice';
import { Screen } from '../../components/screen';
import { dateTimeOf, won } from '../../format';
import { usePolling } from '../../hooks';

/** GET /coupons: what marketing gave the caller (a welcome coupon after the first delivery, …); refreshed every 5 s. */
export function CouponsScreen() {
  const { api } = useApp();
  const [coupons, setCoupons] = useState<Coupon[]>();
  const [error, setError] = useState<string>();

  usePolling(
    async (state) => {
      try {
        const answer = await api.coupons();
        if (!state.stopped) {
          setCoupons(answer);
          setError(undefined);
        }
      } catch (caught) {
        if (!state.stopped) setError(caught instanceof ApiError ? caught.message : 'The coupons could not be loaded.');
      }
    },
    5000,
    [api],
  );

  return (
    <Screen title="Coupons">
      <Notice kind="error">{error}</Notice>
      {coupons === undefined && !error ? <p aria-busy="true">Loading…</p> : null}
      {coupons && coupons.length === 0 ? (
        <p>No coupons yet: your first delivered order earns a welcome coupon.</p>
      ) : null}
      {coupons && coupons.length > 0 ? (
        <ul className="cards" aria-label="Coupons">
          {coupons.map((coupon) => (
            <li key={coupon.couponId} className={`card coupon${coupon.status === 'ACTIVE' ? '' : ' expired'}`}>
              <p className="coupon-discount">{won(coupon.discount)} off</p>
              <p>{coupon.reason}</p>
              <p className="muted">
                Code <code>{coupon.code}</code> ·{' '}
                {coupon.status === 'ACTIVE' ? `valid until ${dateTimeOf(coupon.expiresAt)}` : 'expired'}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </Screen>
  );
}
