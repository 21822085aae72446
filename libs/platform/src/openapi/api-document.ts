import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject, OperationObject, PathItemObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { errorBody } from '../http/http-error.filter';
import { BEARER_SCHEME, ErrorBodySchema, ERROR_SCHEMA } from './api-responses';

/** Where every service serves its OpenAPI document (public, like the probes). */
export const API_DOCUMENT_PATH = '/openapi.json';

export interface ApiDocumentInfo {
  /** The service's name: prefixes its operation ids (`app.orders.place`) and tags its operations. */
  service: string;
  title: string;
  description: string;
  version?: string;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The OpenAPI 3 document of a service's HTTP surface, built from its controllers' decorators, with
 * the shared error schema, the Bearer scheme, and itself (GET /openapi.json). Request bodies refuse
 * unknown properties, as the global ValidationPipe (forbidNonWhitelisted) does.
 */
export function buildApiDocument(app: INestApplication, info: ApiDocumentInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version ?? '1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'An access token from POST /auth/token at the gateway.',
      },
      BEARER_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorBodySchema],
    operationIdFactory: (controllerKey, methodKey) =>
      `${info.service}.${lowerFirst(controllerKey.replace(/Controller$/, ''))}.${methodKey}`,
  });
  document.paths[API_DOCUMENT_PATH] = { get: selfOperation(info.service) };
  closeRequestBodies(document);
  return document;
}

/** Serves a document (or what `source` makes of it on each request) at GET /openapi.json, outside Nest's router. */
export function serveApiDocument(app: INestApplication, source: () => OpenAPIObject | Promise<OpenAPIObject>): void {
  app.getHttpAdapter().get(API_DOCUMENT_PATH, (_request: Request, response: Response) => {
    Promise.resolve()
      .then(source)
      .then((document) => {
        response.setHeader('Cache-Control', 'no-cache');
        response.json(document);
      })
      .catch(() => response.status(500).json(errorBody(500, 'The document could not be made; please try again.')));
  });
}

/** Every operation of a document with its path and method. */
export function operationsOf(document: OpenAPIObject): { path: string; method: string; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]: [string, PathItemObject]) =>
    HTTP_METHODS.filter((method) => item[method] !== undefined).map((method) => ({
      path,
      method,
      operation: item[method] as OperationObject,
    })),
  );
}

function selfOperation(service: string): OperationObject {
  return {
    operationId: `${service}.apiDocument.get`,
    summary: 'This OpenAPI document',
    tags: ['platform'],
    responses: {
      '200': {
        description: 'The OpenAPI 3 document of this HTTP surface.',
        content: { 'application/json': { schema: { type: 'object' } } },
      },
    },
  };
}

/** `additionalProperties: false` on every schema a request body refers to, nested ones included. */
function closeRequestBodies(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const closed = new Set<string>();
  const close = (schema: SchemaObject | ReferenceObject | undefined): void => {
    if (!schema) return;
    if ('$ref' in schema) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (closed.has(name) || name === ERROR_SCHEMA) return;
      closed.add(name);
      close(schemas[name]);
      return;
    }
    if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined)
      schema.additionalProperties = false;
    for (const property of Object.values(schema.properties ?? {})) close(property);
    if (schema.items) close(schema.items);
    for (const member of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) close(member);
  };
  for (const { operation } of operationsOf(document)) {
    const body = operation.requestBody;
    if (body && !('$ref' in body)) for (const media of Object.values(body.content)) close(media.schema);
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
