import fc from 'fast-check';
import { EVENT_TYPES, EventCatalog, EventPayload, EventType } from './events/catalog';
import {
  DomainEvent,
  EnvelopeSchema,
  InvalidEventError,
  assertValidEvent,
  createEvent,
  parseEvent,
  parseEventMessage,
} from './envelope';

/**
 * Properties of the event parsers (parseEvent, parseEventMessage, assertValidEvent, createEvent),
 * checked on events generated from arbitraries that mirror the schemas of ./events.
 */

// ---- arbitraries mirroring the schemas -------------------------------------------------------

/** Text of min…max UTF-16 units (what zod's min/max count), ASCII or from the whole of Unicode. */
const text = (min: number, max: number) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: max }),
      fc.string({ unit: 'binary', minLength: min, maxLength: max }),
    )
    .filter((value) => value.length >= min && value.length <= max);

/** An Id as a parser returns it: trimmed, 1…100 units. */
const id = fc.oneof(
  fc.uuid(),
  fc.constantFrom('1', '2', 'alice', 'pay-1'),
  text(1, 100)
    .map((value) => value.trim())
    .filter((value) => value.length >= 1),
);
const amount = fc.oneof(fc.maxSafeNat(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER));
const reason = text(1, 500);
const line = fc.record({
  menuId: id,
  name: text(1, 200),
  quantity: fc.integer({ min: 1, max: 1000 }),
  unitPrice: amount,
});
const lines = fc.array(line, { minLength: 1, maxLength: 100 });

const FIRST_DAY = Date.parse('0000-01-02T00:00:00.000Z');
const LAST_DAY = Date.parse('9999-12-30T23:59:59.999Z');
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** An ISO 8601 instant in UTC (`Z`) or with an offset, as the envelope's `occurredAt` accepts it. */
const occurredAt = fc
  .tuple(
    fc.integer({ min: FIRST_DAY, max: LAST_DAY }),
    fc.option(fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 })),
  )
  .map(([time, offset]) => {
    if (offset === null) return new Date(time).toISOString();
    const local = new Date(time + offset * 60_000).toISOString().slice(0, -1);
    const minutes = Math.abs(offset);
    return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  });

const parties = fc.record({ storeId: id, customerId: id });
const PAYLOADS: { [T in EventType]: fc.Arbitrary<EventPayload<T>> } = {
  OrderPlaced: fc.record({ customerId: id, storeId: id, items: lines, totalAmount: amount }),
  OrderCancelled: fc.record({ customerId: id, storeId: id, reason }, { requiredKeys: ['customerId', 'reason'] }),
  PaymentApproved: fc.record({ paymentId: id, customerId: id, storeId: id, items: lines, amount }),
  PaymentCancelled: fc.record(
    { paymentId: id, customerId: id, storeId: id, amount, reason },
    { requiredKeys: ['paymentId', 'amount', 'reason'] },
  ),
  OrderAccepted: parties,
  OrderRejected: fc.record({ storeId: id, customerId: id, reason }),
  CookingStarted: parties,
  CookingFinished: parties,
  DeliveryStarted: fc.record(
    { storeId: id, customerId: id, rider: text(1, 100) },
    { requiredKeys: ['storeId', 'customerId'] },
  ),
  DeliveryCompleted: fc.record(
    { storeId: id, customerId: id, rider: text(1, 100) },
    { requiredKeys: ['storeId', 'customerId'] },
  ),
  DeliveryCancelled: fc.record({ storeId: id, customerId: id, reason }),
  CouponIssued: fc.record({ couponId: id, customerId: id, discount: amount, reason }),
};

function eventOf(eventType: EventType): fc.Arbitrary<DomainEvent> {
  return fc.record(
    {
      eventId: fc.uuid(),
      eventType: fc.constant(eventType),
      eventVersion: fc.constant(EventCatalog[eventType].version),
      occurredAt,
      orderId: id,
      producer: text(1, 50),
      causationId: fc.uuid(),
      payload: PAYLOADS[eventType] as fc.Arbitrary<unknown>,
    },
    { requiredKeys: ['eventId', 'eventType', 'eventVersion', 'occurredAt', 'orderId', 'producer', 'payload'] },
  ) as fc.Arbitrary<DomainEvent>;
}

const anyEvent = fc.constantFrom(...EVENT_TYPES).chain(eventOf);

// ---- helpers --------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as { [key: string]: Json };
const payloadShape = (eventType: EventType) =>
  EventCatalog[eventType].payload.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
const isRequired = (schema: { safeParse(v: unknown): { success: boolean } }) => !schema.safeParse(undefined).success;

/** Every path to a value inside a JSON document (objects' keys and arrays' indexes), the root excluded. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  return [];
}

function setAt(document: { [key: string]: Json }, path: (string | number)[], value: Json): void {
  let target = document as unknown as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) target = target[step] as unknown as Record<string | number, Json>;
  target[path[path.length - 1]] = value;
}

function getAt(document: Json, path: (string | number)[]): Json {
  return path.reduce<Json>((current, step) => (current as unknown as Record<string | number, Json>)[step], document);
}

const kindOf = (value: Json) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** A JSON value of another kind than `value` (a number for a string, an object for an array, …). */
const otherKindThan = (value: Json) =>
  fc.jsonValue({ maxDepth: 2 }).filter((other) => kindOf(other as Json) !== kindOf(value));

const withEnvelopeField = (event: DomainEvent, field: string, value: unknown) => ({ ...asJson(event), [field]: value });
const withPayloadField = (event: DomainEvent, field: string, value: unknown) => {
  const document = asJson(event);
  return { ...document, payload: { ...(document.payload as object), [field]: value } };
};
const firstLineWith = (field: string, value: unknown) => (event: DomainEvent) => {
  const document = asJson(event);
  const payload = document.payload as { items: Json[] };
  return {
    ...document,
    payload: { ...payload, items: [{ ...(payload.items[0] as object), [field]: value }, ...payload.items.slice(1)] },
  };
};

const withLines = fc.constantFrom<EventType>('OrderPlaced', 'PaymentApproved').chain(eventOf);

// ---- properties -----------------------------------------------------------------------------

describe('event parsers (properties)', () => {
  it('every valid event survives serialise → parse unchanged, as an object, as text and as UTF-8 bytes', () => {
    fc.assert(
      fc.property(anyEvent, (event) => {
        const json = JSON.stringify(event);
        expect(parseEvent(JSON.parse(json))).toEqual({ ok: true, event });
        expect(parseEventMessage(json)).toEqual({ ok: true, event });
        expect(parseEventMessage(Buffer.from(json, 'utf8'))).toEqual({ ok: true, event });
        expect(assertValidEvent(JSON.parse(json))).toEqual(event);
      }),
    );
  });

  it('createEvent builds from any valid payload exactly the envelope a consumer parses back', () => {
    fc.assert(
      fc.property(anyEvent, (event) => {
        const created = createEvent(event.eventType, {
          orderId: event.orderId,
          producer: event.producer,
          payload: event.payload,
          eventId: event.eventId,
          occurredAt: new Date(event.occurredAt),
          ...(event.causationId ? { causationId: event.causationId } : {}),
        });
        expect(created).toEqual({ ...event, occurredAt: new Date(event.occurredAt).toISOString() });
        expect(parseEventMessage(JSON.stringify(created))).toEqual({ ok: true, event: created });
      }),
    );
  });

  it('is idempotent: ids are trimmed once, and what it returns parses again to itself', () => {
    const space = fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000');
    fc.assert(
      fc.property(anyEvent, space, space, (event, before, after) => {
        const padded = { ...asJson(event), orderId: `${before}${event.orderId}${after}` };
        const first = parseEvent(padded);
        expect(first).toEqual({ ok: true, event });
        if (first.ok) expect(parseEvent(asJson(first.event))).toEqual(first);
      }),
    );
  });

  it('accepts a valid event with unknown extra fields in the envelope and the payload, and drops them (forward compatible)', () => {
    const envelopeKeys = Object.keys(EnvelopeSchema.shape);
    fc.assert(
      fc.property(
        anyEvent,
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), {
          minKeys: 1,
          maxKeys: 4,
        }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), {
          minKeys: 1,
          maxKeys: 4,
        }),
        (event, envelopeExtras, payloadExtras) => {
          const payloadKeys = Object.keys(payloadShape(event.eventType));
          const extend = (base: object, extras: Record<string, unknown>, known: string[]) => {
            const extended: Record<string, unknown> = { ...base };
            for (const [key, value] of Object.entries(extras)) if (!known.includes(key)) extended[key] = value;
            return extended;
          };
          const document = asJson(event);
          const extended = asJson({
            ...extend(document, envelopeExtras, envelopeKeys),
            payload: extend(document.payload as object, payloadExtras, payloadKeys),
          });
          expect(parseEvent(extended)).toEqual({ ok: true, event });
        },
      ),
    );
  });

  it('rejects an event without any one of its required fields, and names the field', () => {
    // the envelope of README.md "Events": everything but causationId is required
    const ENVELOPE_REQUIRED = ['eventId', 'eventType', 'eventVersion', 'occurredAt', 'orderId', 'producer', 'payload'];
    expect(Object.keys(EnvelopeSchema.shape).sort()).toEqual([...ENVELOPE_REQUIRED, 'causationId'].sort());
    fc.assert(
      fc.property(
        anyEvent.chain((event) => {
          const envelopeRequired = ENVELOPE_REQUIRED.map((key) => ['envelope', key] as const);
          const payloadRequired = Object.entries(payloadShape(event.eventType))
            .filter(([, schema]) => isRequired(schema))
            .map(([key]) => ['payload', key] as const);
          return fc.tuple(fc.constant(event), fc.constantFrom(...envelopeRequired, ...payloadRequired));
        }),
        ([event, [where, field]]) => {
          const document = asJson(event);
          if (where === 'envelope') delete document[field];
          else delete (document.payload as Record<string, Json>)[field];
          const result = parseEvent(document);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          if (where === 'envelope') expect(result.reason).toMatch(`envelope: ${field}:`);
          else expect(result.reason).toMatch(`${event.eventType} payload: ${field}:`);
        },
      ),
    );
  });

  it('rejects an event in which any one value, however deep, is replaced by a value of another JSON kind', () => {
    fc.assert(
      fc.property(
        anyEvent.chain((event) => {
          const document = asJson(event);
          return fc
            .constantFrom(...pathsOf(document))
            .chain((path) => fc.tuple(fc.constant(document), fc.constant(path), otherKindThan(getAt(document, path))));
        }),
        ([document, path, replacement]) => {
          setAt(document, path, replacement as Json);
          const result = parseEvent(document);
          expect(result).toEqual({ ok: false, reason: expect.any(String) });
        },
      ),
    );
  });

  describe('enforces the numeric limits at the boundary', () => {
    const number = fc.oneof(
      fc.integer({ min: -5, max: 1010 }),
      fc.constantFrom(
        0,
        -0,
        1,
        1000,
        1001,
        0.5,
        1.5,
        -1,
        Number.MAX_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER + 1,
        2 ** 60,
      ),
      fc.constantFrom(NaN, Infinity, -Infinity),
      fc.double(),
    );

    it('a line quantity: a whole number from 1 to 1000', () => {
      fc.assert(
        fc.property(withLines, number, (event, quantity) => {
          const expected = Number.isInteger(quantity) && quantity >= 1 && quantity <= 1000;
          expect(parseEvent(firstLineWith('quantity', quantity)(event)).ok).toBe(expected);
        }),
      );
    });

    it('every amount (total, amount, unit price, discount): a non-negative safe integer', () => {
      const amounts: [fc.Arbitrary<DomainEvent>, (value: number) => (event: DomainEvent) => unknown][] = [
        [eventOf('OrderPlaced'), (value) => (event) => withPayloadField(event, 'totalAmount', value)],
        [eventOf('PaymentApproved'), (value) => (event) => withPayloadField(event, 'amount', value)],
        [eventOf('PaymentCancelled'), (value) => (event) => withPayloadField(event, 'amount', value)],
        [eventOf('CouponIssued'), (value) => (event) => withPayloadField(event, 'discount', value)],
        [withLines, (value) => firstLineWith('unitPrice', value)],
      ];
      fc.assert(
        fc.property(
          fc.constantFrom(...amounts).chain(([events, mutate]) => fc.tuple(events, fc.constant(mutate))),
          number,
          ([event, mutate], value) => {
            expect(parseEvent(mutate(value)(event)).ok).toBe(Number.isSafeInteger(value) && value >= 0);
          },
        ),
        { numRuns: 200 },
      );
    });

    it('the number of lines: 1 to 100', () => {
      fc.assert(
        fc.property(
          withLines,
          fc.oneof(fc.constantFrom(0, 1, 100, 101), fc.integer({ min: 0, max: 120 })),
          (event, count) => {
            const document = asJson(event) as { payload: { items: Json[] } };
            const items = Array.from(
              { length: count },
              (_, index) => document.payload.items[index % document.payload.items.length],
            );
            expect(parseEvent({ ...document, payload: { ...document.payload, items } }).ok).toBe(
              count >= 1 && count <= 100,
            );
          },
        ),
      );
    });

    it('the event version: only the catalog version of the type', () => {
      fc.assert(
        fc.property(anyEvent, number, (event, version) => {
          const result = parseEvent(withEnvelopeField(event, 'eventVersion', version));
          const expected = version === EventCatalog[event.eventType].version;
          expect(result.ok).toBe(expected);
          if (!result.ok && Number.isSafeInteger(version) && version > 0)
            expect(result.reason).toBe(`${event.eventType} v${version} is not supported (expected v1)`);
        }),
      );
    });

    it('text lengths: ids 1–100 once trimmed, names 1–200, reasons 1–500, riders 1–100, producers 1–50', () => {
      const limits: [string, number, (value: string) => (event: DomainEvent) => unknown, fc.Arbitrary<DomainEvent>][] =
        [
          ['orderId', 100, (value) => (event) => withEnvelopeField(event, 'orderId', value), anyEvent],
          ['producer', 50, (value) => (event) => withEnvelopeField(event, 'producer', value), anyEvent],
          [
            'customerId',
            100,
            (value) => (event) => withPayloadField(event, 'customerId', value),
            eventOf('OrderPlaced'),
          ],
          ['menuId', 100, (value) => firstLineWith('menuId', value), withLines],
          ['name', 200, (value) => firstLineWith('name', value), withLines],
          ['reason', 500, (value) => (event) => withPayloadField(event, 'reason', value), eventOf('OrderRejected')],
          ['rider', 100, (value) => (event) => withPayloadField(event, 'rider', value), eventOf('DeliveryStarted')],
        ];
      fc.assert(
        fc.property(
          fc
            .constantFrom(...limits)
            .chain(([field, max, mutate, events]) =>
              fc.tuple(
                fc.constant(field),
                fc.constant(max),
                fc.constant(mutate),
                events,
                fc.oneof(fc.constantFrom(0, 1, max, max + 1), fc.integer({ min: 0, max: max + 10 })),
                fc.constantFrom('', ' ', '  \t'),
              ),
            ),
          ([field, max, mutate, event, length, padding]) => {
            const value = `${padding}${'x'.repeat(length)}${padding}`;
            const trimmed = field.endsWith('Id') && field !== 'producer';
            const counted = trimmed ? length : value.length;
            expect(parseEvent(mutate(value)(event)).ok).toBe(counted >= 1 && counted <= max);
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  it('accepts an occurredAt only if it names a real instant, with seconds and an offset', () => {
    const daysIn = (year: number, month: number) =>
      [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
        month - 1
      ];
    const zone = fc.oneof(
      fc.constant({ text: 'Z', valid: true }),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))
        .map(([sign, hours, minutes]) => ({
          text: `${sign}${pad(hours)}:${pad(minutes)}`,
          valid: hours <= 23 && minutes <= 59,
        })),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.option(fc.stringMatching(/^[0-9]{1,9}$/)),
        zone,
        (year, month, day, hour, minute, second, fraction, offset) => {
          const value = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction === null ? '' : `.${fraction}`}${offset.text}`;
          const real =
            month >= 1 &&
            month <= 12 &&
            day >= 1 &&
            day <= daysIn(year, month) &&
            hour <= 23 &&
            minute <= 59 &&
            second <= 59 &&
            offset.valid;
          const accepted = EnvelopeSchema.shape.occurredAt.safeParse(value).success;
          expect(accepted).toBe(real);
          // what consumers do with it (the view's timeline, marketing's dates) must then work
          if (accepted) expect(() => new Date(value).toISOString()).not.toThrow();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on any value whatsoever, and accepts only what validates again to the same event', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    const inEnvelope = fc
      .tuple(anyEvent, fc.constantFrom(...Object.keys(EnvelopeSchema.shape)), anything)
      .map(([event, field, value]) => ({ ...event, [field]: value }));
    const inPayload = fc
      .tuple(anyEvent, fc.string({ maxLength: 12 }), anything)
      .map(([event, field, value]) => ({ ...event, payload: { ...(event.payload as object), [field]: value } }));
    fc.assert(
      fc.property(fc.oneof(anything, inEnvelope, inPayload), (value) => {
        const result = parseEvent(value);
        if (result.ok) {
          expect(parseEvent(asJson(result.event))).toEqual(result);
        } else {
          expect(result.reason).toEqual(expect.any(String));
          expect(result.reason.length).toBeGreaterThan(0);
          // assertValidEvent throws the parser's typed error, and only that
          let thrown: unknown;
          try {
            assertValidEvent(value);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(InvalidEventError);
          expect(thrown).toMatchObject({ code: 'EVENT.INVALID', reason: result.reason });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bytes or text, and says why it refuses them', () => {
    const message = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.json({ maxDepth: 3 }).map((json) => Buffer.from(json)),
      fc.constantFrom(
        null,
        undefined,
        '',
        Buffer.alloc(0),
        'null',
        '[]',
        '{}',
        '"x"',
        '\ufeff{}',
        '[[[[[[[[[[]]]]]]]]]]',
      ),
    );
    fc.assert(
      fc.property(message, (value) => {
        const result = parseEventMessage(value);
        if (value === null || value === undefined || value.length === 0) {
          expect(result).toEqual({ ok: false, reason: 'empty message' });
          return;
        }
        let json: unknown;
        try {
          json = JSON.parse(value.toString());
        } catch {
          expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^not JSON: /) });
          return;
        }
        expect(result).toEqual(parseEvent(json));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every truncation of a valid message, and survives any corrupted byte', () => {
    fc.assert(
      fc.property(
        anyEvent.chain((event) => {
          const bytes = Buffer.from(JSON.stringify(event));
          return fc.tuple(fc.constant(bytes), fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }));
        }),
        ([bytes, index, byte]) => {
          expect(parseEventMessage(bytes.subarray(0, index)).ok).toBe(false);
          const corrupted = Buffer.from(bytes);
          corrupted[index] = byte;
          const result = parseEventMessage(corrupted);
          if (result.ok) expect(parseEvent(asJson(result.event))).toEqual(result);
          else expect(result.reason.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('rejects any eventType outside the catalog, even names every object has', () => {
    fc.assert(
      fc.property(
        anyEvent,
        fc.oneof(
          fc.string({ minLength: 1 }).filter((name) => !EVENT_TYPES.includes(name as EventType)),
          fc.constantFrom(
            '__proto__',
            'constructor',
            'toString',
            'hasOwnProperty',
            'valueOf',
            'orderplaced',
            'OrderPlaced ',
          ),
        ),
        (event, eventType) => {
          expect(parseEvent(withEnvelopeField(event, 'eventType', eventType))).toEqual({
            ok: false,
            reason: `unknown eventType "${eventType}"`,
          });
        },
      ),
    );
  });

  it('validates a payload against its own type only: a payload moved to another type is accepted only if that schema takes it', () => {
    fc.assert(
      fc.property(anyEvent, fc.constantFrom(...EVENT_TYPES), (event, otherType) => {
        const moved = {
          ...withEnvelopeField(event, 'eventType', otherType),
          eventVersion: EventCatalog[otherType].version,
        };
        const expected = EventCatalog[otherType].payload.safeParse(asJson(event).payload).success;
        expect(parseEvent(moved).ok).toBe(expected);
      }),
    );
  });
});
