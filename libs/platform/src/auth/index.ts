export * from './auth.variables';
export * from './caller';
export * from './auth.guard';
export * from './service-token';
export * from './auth.module';
export * from './signing-keys';
export * from './token-keys';
export * from './jwks.controller';
