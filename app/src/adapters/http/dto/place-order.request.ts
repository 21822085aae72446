import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { MAX_LINES, MAX_QUANTITY_PER_LINE, RequestedItem } from '../../../domain/catalog';

/** httpie sends `storeId=1` as the string "1" and `quantity:=2` as a number: accept both spellings. */
const StoreId = z.union([z.string(), z.number().int()], { error: 'must be a store id such as "1"' }).transform(String).pipe(z.string().trim().min(1).max(100));
const Quantity = z
  .union([z.number(), z.string().regex(/^\s*-?\d+\s*$/, 'must be a whole number')], { error: 'must be a whole number' })
  .transform(Number)
  .pipe(
    z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_QUANTITY_PER_LINE, `must be at most ${MAX_QUANTITY_PER_LINE}`),
  );

const FullForm = z.strictObject({
  storeId: StoreId,
  items: z
    .array(z.strictObject({ menuId: z.string().trim().min(1).max(100), quantity: Quantity }))
    .min(1, 'must contain at least one item')
    .max(MAX_LINES, `must contain at most ${MAX_LINES} items`),
});

const Shorthand = z.strictObject({
  storeId: StoreId,
  item: z.string().trim().min(1).max(200),
  quantity: Quantity.optional(),
});

/**
 * The body as the OpenAPI document describes it: the two forms parsePlaceOrderRequest accepts, with
 * the limits it applies (written out, because zod's JSON Schema of the input side drops the limits
 * checked after a transform).
 */
const STORE_ID_SCHEMA: SchemaObject = {
  oneOf: [
    { type: 'string', pattern: '\\S', maxLength: 100, description: 'A store id such as "1" (surrounding spaces are trimmed).' },
    { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
  ],
};
const QUANTITY_SCHEMA: SchemaObject = {
  oneOf: [
    { type: 'integer', minimum: 1, maximum: MAX_QUANTITY_PER_LINE },
    { type: 'string', pattern: `^\\s*0*([1-9]|[1-9][0-9]|${MAX_QUANTITY_PER_LINE})\\s*$`, description: 'httpie sends numbers as text' },
  ],
};
export const PLACE_ORDER_BODY_SCHEMA: SchemaObject = {
  oneOf: [
    {
      title: 'PlaceOrderFull',
      type: 'object',
      required: ['storeId', 'items'],
      additionalProperties: false,
      properties: {
        storeId: STORE_ID_SCHEMA,
        items: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_LINES,
          items: {
            type: 'object',
            required: ['menuId', 'quantity'],
            additionalProperties: false,
            properties: { menuId: { type: 'string', pattern: '\\S', maxLength: 100 }, quantity: QUANTITY_SCHEMA },
          },
        },
      },
    },
    {
      title: 'PlaceOrderShorthand',
      type: 'object',
      required: ['storeId', 'item'],
      additionalProperties: false,
      properties: {
        storeId: STORE_ID_SCHEMA,
        item: { type: 'string', pattern: '\\S', maxLength: 200, description: 'A menu item\'s name, any case.' },
        quantity: QUANTITY_SCHEMA,
      },
    },
  ],
};

export interface PlaceOrderRequest {
  storeId: string;
  items: RequestedItem[];
}

/**
 * `{storeId, items:[{menuId, quantity}]}` or httpie's shorthand `{item, quantity?, storeId}`.
 * Prices are never read from the request. Throws a message naming what is wrong.
 */
export function parsePlaceOrderRequest(body: unknown): PlaceOrderRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RequestInvalid('The body must be a JSON object: {"storeId","items":[{"menuId","quantity"}]} or {"storeId","item","quantity"}');
  }
  const form = 'items' in body ? FullForm : 'item' in body ? Shorthand : undefined;
  if (!form) throw new RequestInvalid('Name what to order: "item" (a menu name) or "items" ([{"menuId","quantity"}])');
  const parsed = form.safeParse(body);
  if (!parsed.success) throw new RequestInvalid(describe(parsed.error, body));
  const data = parsed.data;
  if ('items' in data) return { storeId: data.storeId, items: data.items.map(({ menuId, quantity }) => ({ menuId, quantity })) };
  return { storeId: data.storeId, items: [{ name: data.item, quantity: data.quantity ?? 1 }] };
}

export class RequestInvalid extends Error {}

function describe(error: z.ZodError, body: object): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.join('.') : 'body';
      if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
      if (issue.path.length > 0 && valueAt(body, issue.path) === undefined) return `${path} is required`;
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

function valueAt(body: object, path: readonly PropertyKey[]): unknown {
  let value: unknown = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
