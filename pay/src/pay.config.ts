import { z } from 'zod';
import { serviceVariables } from '@fooddelivery/platform';
import { messagingVariables } from '@fooddelivery/messaging';
import { relationalVariables } from '@fooddelivery/persistence';

/** Payment service configuration, read from the environment once at start (see README). */
export const PayConfig = z.object({
  ...serviceVariables(8082),
  ...messagingVariables(),
  ...relationalVariables('pay'),
});
export type PayConfig = z.infer<typeof PayConfig>;
