import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * WEB_ROOT: the folder of the web front end's build (index.html, assets/). By default web/dist next
 * to the gateway's own folder, found from this file's place, so it is the same in the repository
 * (gateway/dist/adapters/web → web/dist) and in the gateway's image (the production tree keeps that
 * layout).
 */
export const WebConfig = z.object({
  WEB_ROOT: z.string().trim().min(1).optional(),
});
export type WebConfig = z.infer<typeof WebConfig>;

export const DEFAULT_WEB_ROOT = resolve(__dirname, '..', '..', '..', '..', 'web', 'dist');

export function webRootOf(config: WebConfig): string {
  return config.WEB_ROOT === undefined ? DEFAULT_WEB_ROOT : resolve(config.WEB_ROOT);
}
