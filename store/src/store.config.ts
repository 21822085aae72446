import { z } from 'zod';
import { authVariables, serviceVariables } from '@fooddelivery/platform';
import { messagingVariables } from '@fooddelivery/messaging';
import { relationalVariables } from '@fooddelivery/persistence';

/** Store order management service configuration, read from the environment once at start (see README). */
export const StoreConfig = z.object({
  ...serviceVariables(8083),
  ...messagingVariables(),
  ...relationalVariables('store'),
  ...authVariables(),
});
export type StoreConfig = z.infer<typeof StoreConfig>;
