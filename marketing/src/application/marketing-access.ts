import type { Caller } from '@fooddelivery/platform';
import { MarketingAccessDenied } from '../domain/marketing.errors';

/**
 * Whose coupons or recommendations a caller may read: a customer their own (asking for someone
 * else's is refused), an admin anyone's — `requested`, or everyone's / nobody in particular when
 * unset. Other roles are refused (the controllers' role guard stops them first).
 */
export function customerScope(caller: Caller, requested: string | undefined): string | undefined {
  if (caller.role === 'admin') return requested;
  if (caller.role === 'customer') {
    if (requested !== undefined && requested !== caller.sub) {
      throw new MarketingAccessDenied('customers see their own coupons and recommendations only');
    }
    return caller.sub;
  }
  throw new MarketingAccessDenied(`a ${caller.role} has no coupons or recommendations`);
}
