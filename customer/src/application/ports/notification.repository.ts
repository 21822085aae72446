import type { Notification } from '../../domain/notification';

export const NOTIFICATION_REPOSITORY = Symbol('NotificationRepository');

/** Notifications are kept for good: SENT and FAILED ones are history the customer can read. */
export interface NotificationRepository {
  /** Stores it unless one with the same id exists (a redelivered event); true when stored by this call. */
  recordOnce(notification: Notification): Promise<boolean>;
  /** PENDING ones whose next attempt is due, the longest waiting first. */
  findDue(now: Date, limit: number): Promise<Notification[]>;
  /**
   * Reserves a due notification for one attempt by this dispatcher until `until` (another replica's
   * dispatcher then skips it). False when it is no longer due at this attempt count (taken or done).
   */
  claim(notification: Notification, now: Date, until: Date): Promise<boolean>;
  /** Saves the outcome of an attempt; false when it had changed since attempt `previousAttempts`. */
  saveAttempt(notification: Notification, previousAttempts: number): Promise<boolean>;
  /** Newest first (by when what they announce happened). */
  findByCustomer(customerId: string, limit: number): Promise<Notification[]>;
  findRecent(limit: number): Promise<Notification[]>;
  findById(notificationId: string): Promise<Notification | undefined>;
}
