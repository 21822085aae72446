export * from './relational';
export * from './document';
export * from './variables';
export * from './persistence.module';
export * from './migrations/1732300000000-create-messaging-tables';
export * from './database-queue';
export * from './aggregate-write';
export * from './columns';
