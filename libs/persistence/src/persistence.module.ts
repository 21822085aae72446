import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Connection } from 'mongoose';
import { DataSource } from 'typeorm';
import { ProbeRegistry } from '@fooddelivery/platform';
import { documentConnectionOptions, documentProbe } from './document';
import { DatabaseQueue } from './database-queue';
import { EntityList, MigrationList, RelationalTarget, ensurePostgresDatabase, relationalOptions, relationalProbe } from './relational';

const RELATIONAL_TARGET = Symbol('RELATIONAL_TARGET');
const DOCUMENT_DATABASE = Symbol('DOCUMENT_DATABASE');

@Injectable()
class RelationalReadiness implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly probes: ProbeRegistry,
    @Inject(RELATIONAL_TARGET) private readonly target: RelationalTarget,
  ) {}

  onModuleInit(): void {
    this.probes.addReadiness(relationalProbe(this.dataSource, this.target));
  }
}

@Injectable()
class DocumentReadiness implements OnModuleInit {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly probes: ProbeRegistry,
    @Inject(DOCUMENT_DATABASE) private readonly database: string,
  ) {}

  onModuleInit(): void {
    this.probes.addReadiness(documentProbe(this.connection, this.database));
  }
}

/**
 * Runs the pending migrations; on PostgreSQL while holding a session advisory lock, so of several
 * replicas starting at once one migrates and the others wait, then find nothing left to do
 * (SQLite: one file, one writer at a time anyway).
 */
async function migrated(dataSource: DataSource): Promise<DataSource> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'all' });
    return dataSource;
  }
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
  return dataSource;
}

/** The advisory lock key of schema migrations (any fixed number; per database). */
const MIGRATION_LOCK = 7_301_977;

/** TypeORM on PostgreSQL or SQLite, migrations run at start (under a lock), readiness probe registered, DatabaseQueue provided. */
@Module({})
export class RelationalPersistenceModule {
  static forRoot(target: RelationalTarget, entities: EntityList = [], migrations: MigrationList = []): DynamicModule {
    return {
      module: RelationalPersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            await ensurePostgresDatabase(target);
            return { ...relationalOptions(target, entities, migrations), migrationsRun: false, retryAttempts: 5, retryDelay: 2000 };
          },
          // replicas starting together would race to create the same tables: migrations run under a lock
          dataSourceFactory: async (options) => migrated(await new DataSource(options!).initialize()),
        }),
      ],
      providers: [{ provide: RELATIONAL_TARGET, useValue: target }, RelationalReadiness, DatabaseQueue],
      exports: [DatabaseQueue],
    };
  }
}

/** mongoose on MongoDB or FerretDB, the service's own database, readiness probe registered. */
@Module({})
export class DocumentPersistenceModule {
  static forRoot(url: string, database: string, poolSize?: number): DynamicModule {
    return {
      module: DocumentPersistenceModule,
      imports: [MongooseModule.forRoot(url, { ...documentConnectionOptions(database, poolSize), retryAttempts: 5, retryDelay: 2000 })],
      providers: [{ provide: DOCUMENT_DATABASE, useValue: database }, DocumentReadiness],
    };
  }
}
