import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Id } from './events/common';
import { EventCatalog, EventPayload, EventType, isEventType } from './events/catalog';

/** The envelope every message on the event topic carries. `orderId` is also the Kafka message key. */
export const EnvelopeSchema = z.object({
  eventId: z.uuid(),
  eventType: z.string().min(1),
  eventVersion: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  orderId: Id,
  producer: z.string().min(1).max(50),
  causationId: z.uuid().optional(),
  payload: z.unknown(),
});

export interface EventEnvelope<T extends EventType = EventType> {
  eventId: string;
  eventType: T;
  eventVersion: number;
  occurredAt: string;
  orderId: string;
  producer: string;
  causationId?: string;
  payload: EventPayload<T>;
}

/** A discriminated union of every event: `switch (event.eventType)` narrows the payload. */
export type DomainEvent = { [T in EventType]: EventEnvelope<T> }[EventType];

export class InvalidEventError extends Error {
  readonly code = 'EVENT.INVALID';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidEventError';
  }
}

export interface NewEvent<T extends EventType> {
  orderId: string;
  producer: string;
  payload: EventPayload<T>;
  /** The eventId of the event that caused this one, if any. */
  causationId?: string;
  eventId?: string;
  occurredAt?: Date;
}

/** Builds a validated envelope; throws InvalidEventError when the payload breaks its schema. */
export function createEvent<T extends EventType>(eventType: T, event: NewEvent<T>): EventEnvelope<T> {
  const envelope = {
    eventId: event.eventId ?? randomUUID(),
    eventType,
    eventVersion: EventCatalog[eventType].version,
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    orderId: event.orderId,
    producer: event.producer,
    ...(event.causationId ? { causationId: event.causationId } : {}),
    payload: event.payload,
  };
  return assertValidEvent(envelope) as EventEnvelope<T>;
}

export type ParseResult = { ok: true; event: DomainEvent } | { ok: false; reason: string };

/** Validates an envelope and its payload against the catalog. Never throws. */
export function parseEvent(value: unknown): ParseResult {
  const envelope = EnvelopeSchema.safeParse(value);
  if (!envelope.success) return { ok: false, reason: `envelope: ${describeIssues(envelope.error)}` };
  const { eventType, eventVersion } = envelope.data;
  if (!isEventType(eventType)) return { ok: false, reason: `unknown eventType "${eventType}"` };
  const spec = EventCatalog[eventType];
  if (eventVersion !== spec.version) {
    return { ok: false, reason: `${eventType} v${eventVersion} is not supported (expected v${spec.version})` };
  }
  const payload = spec.payload.safeParse(envelope.data.payload);
  if (!payload.success) return { ok: false, reason: `${eventType} payload: ${describeIssues(payload.error)}` };
  return { ok: true, event: { ...envelope.data, eventType, payload: payload.data } as DomainEvent };
}

/** Parses a raw Kafka message value (JSON bytes). Never throws. */
export function parseEventMessage(value: Buffer | string | null | undefined): ParseResult {
  if (value === null || value === undefined || value.length === 0) return { ok: false, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  return parseEvent(json);
}

export function assertValidEvent(value: unknown): DomainEvent {
  const result = parseEvent(value);
  if (!result.ok) throw new InvalidEventError(result.reason);
  return result.event;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
