import { z } from 'zod';
import { serviceVariables } from '@fooddelivery/platform';
import { messagingVariables } from '@fooddelivery/messaging';
import { documentVariables } from '@fooddelivery/persistence';

/** Ordering service configuration, read from the environment once at start (see README). */
export const AppConfig = z.object({
  ...serviceVariables(8081),
  ...messagingVariables(),
  ...documentVariables('app'),
});
export type AppConfig = z.infer<typeof AppConfig>;
