import { CreateDateColumn, DataSource, Entity, EntityManager, PrimaryColumn } from 'typeorm';

/** The inbox: events a consumer has already applied, written in the same transaction as the effect. */
@Entity({ name: 'inbox' })
export class ProcessedEvent {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  consumer!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId!: string;

  @CreateDateColumn()
  processedAt!: Date;
}

export type InboxOutcome = 'applied' | 'duplicate';

/**
 * Runs `work` at most once per (consumer, eventId): the inbox row and the handler's writes commit
 * together, so a redelivered event finds its row and changes nothing. Two concurrent deliveries of
 * the same event collide on the primary key; the loser's transaction rolls back and its retry
 * finds the row.
 */
export async function applyOnce(
  dataSource: DataSource,
  consumer: string,
  eventId: string,
  work: (manager: EntityManager) => Promise<void>,
): Promise<InboxOutcome> {
  return dataSource.transaction(async (manager) => {
    if (await manager.existsBy(ProcessedEvent, { consumer, eventId })) return 'duplicate';
    await manager.insert(ProcessedEvent, { consumer, eventId });
    await work(manager);
    return 'applied';
  });
}
