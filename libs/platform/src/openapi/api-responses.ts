import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import type { Role } from '../auth/caller';

/** The security scheme every token-protected operation names (a JWT from POST /auth/token). */
export const BEARER_SCHEME = 'bearer';

/** The one body every error answers with (see HttpErrorFilter), as one schema shared by every document. */
@ApiSchema({ name: 'Error', description: 'Every error answers with this body.' })
export class ErrorBodySchema {
  @ApiProperty({ description: 'The HTTP status, repeated.', example: 404, minimum: 100, maximum: 599 })
  statusCode!: number;

  @ApiProperty({ description: 'The status text.', example: 'Not Found' })
  error!: string;

  @ApiProperty({ description: 'What went wrong, readable by a person.', example: 'Order 7b1f… was not found' })
  message!: string;

  @ApiPropertyOptional({ description: 'The order the error concerns, when there is one.' })
  orderId?: string;
}

/** The name of the shared error schema in every document (`#/components/schemas/Error`). */
export const ERROR_SCHEMA = 'Error';

/**
 * Documents error answers in the shared `{statusCode, error, message}` shape. `statuses` maps each
 * status to what causes it, or lists statuses whose standard text says enough.
 */
export function ApiErrors(statuses: Record<number, string> | readonly number[]): MethodDecorator & ClassDecorator {
  const entries: [number, string][] = isStatusList(statuses)
    ? statuses.map((status): [number, string] => [status, STATUS_CODES[status] ?? 'Error'])
    : Object.entries(statuses).map(([status, description]): [number, string] => [Number(status), description]);
  return applyDecorators(
    ...entries.map(([status, description]) => ApiResponse({ status, description, type: ErrorBodySchema })),
  );
}

function isStatusList(statuses: Record<number, string> | readonly number[]): statuses is readonly number[] {
  return Array.isArray(statuses);
}

/**
 * An operation that needs a token: Bearer auth in the document and its 401; with roles, the 403 a
 * valid token of another role gets. Documentation only: `@Roles()` is what enforces the roles.
 */
export function ApiCaller(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiResponse({
      status: 401,
      description: 'No token, or one that is expired, forged or malformed.',
      type: ErrorBodySchema,
    }),
    ...(roles.length > 0
      ? [ApiResponse({ status: 403, description: `Only for: ${roles.join(', ')}.`, type: ErrorBodySchema })]
      : []),
  );
}
