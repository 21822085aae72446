import { z } from 'zod';
import { serviceVariables } from '@fooddelivery/platform';

/** API gateway service configuration, read from the environment once at start (see README). */
export const GatewayConfig = z.object({
  ...serviceVariables(8080),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;
