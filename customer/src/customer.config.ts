import { z } from 'zod';
import { serviceVariables } from '@fooddelivery/platform';
import { messagingVariables } from '@fooddelivery/messaging';
import { documentVariables } from '@fooddelivery/persistence';

/** Customer center service configuration, read from the environment once at start (see README). */
export const CustomerConfig = z.object({
  ...serviceVariables(8084),
  ...messagingVariables(),
  ...documentVariables('customer'),
});
export type CustomerConfig = z.infer<typeof CustomerConfig>;
