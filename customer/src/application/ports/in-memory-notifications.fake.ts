import type { Notification } from '../../domain/notification';
import type { NotificationRepository } from './notification.repository';

/** NotificationRepository in memory, for use-case tests (same once-only and claim rules as the real one). */
export class InMemoryNotifications implements NotificationRepository {
  readonly rows = new Map<string, Notification>();

  async recordOnce(notification: Notification) {
    if (this.rows.has(notification.notificationId)) return false;
    this.rows.set(notification.notificationId, structuredClone(notification));
    return true;
  }
  async findDue(now: Date, limit: number) {
    return [...this.rows.values()]
      .filter((n) => n.state === 'PENDING' && n.nextAttemptAt !== undefined && n.nextAttemptAt <= now)
      .sort((a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime())
      .slice(0, limit)
      .map((n) => structuredClone(n));
  }
  async claim(notification: Notification, now: Date, until: Date) {
    const row = this.rows.get(notification.notificationId);
    if (
      !row ||
      row.state !== 'PENDING' ||
      row.attempts !== notification.attempts ||
      !row.nextAttemptAt ||
      row.nextAttemptAt > now
    )
      return false;
    row.nextAttemptAt = until;
    return true;
  }
  async saveAttempt(notification: Notification, previousAttempts: number) {
    const row = this.rows.get(notification.notificationId);
    if (!row || row.state !== 'PENDING' || row.attempts !== previousAttempts) return false;
    this.rows.set(notification.notificationId, structuredClone(notification));
    return true;
  }
  async findByCustomer(customerId: string, limit: number) {
    return this.sorted()
      .filter((n) => n.customerId === customerId)
      .slice(0, limit);
  }
  async findRecent(limit: number) {
    return this.sorted().slice(0, limit);
  }
  async findById(notificationId: string) {
    const row = this.rows.get(notificationId);
    return row ? structuredClone(row) : undefined;
  }
  private sorted() {
    return [...this.rows.values()]
      .map((n) => structuredClone(n))
      .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.createdAt.getTime() - a.createdAt.getTime());
  }
}
