import { z } from 'zod';
import { serviceVariables } from '@fooddelivery/platform';
import { messagingVariables } from '@fooddelivery/messaging';
import { relationalVariables } from '@fooddelivery/persistence';

/** Marketing service configuration, read from the environment once at start (see README). */
export const MarketingConfig = z.object({
  ...serviceVariables(8085),
  ...messagingVariables(),
  ...relationalVariables('marketing'),
});
export type MarketingConfig = z.infer<typeof MarketingConfig>;
