import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { serveApiDocument } from '@fooddelivery/platform';
import type { RouteTable } from '../../domain/route-table';
import { PlatformApiDocument, SWAGGER_UI_PATH } from './platform-api-document';

/** GET /openapi.json: the merged document of the whole platform; GET /docs: Swagger UI over it. Both public. */
export function publishApiDocuments(
  app: NestExpressApplication,
  own: OpenAPIObject,
  routes: RouteTable,
  logger: Logger,
): void {
  const platform = new PlatformApiDocument(own, routes, logger);
  serveApiDocument(app, () => platform.current());
  SwaggerModule.setup(SWAGGER_UI_PATH, app, own, {
    raw: false,
    customSiteTitle: 'fooddelivery API',
    swaggerOptions: { persistAuthorization: true },
    patchDocumentOnRequest: () => platform.current(),
  });
}
