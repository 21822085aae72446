export * from './auth.variables';
export * from './caller';
export * from './auth.guard';
export * from './service-token';
export * from './auth.module';
