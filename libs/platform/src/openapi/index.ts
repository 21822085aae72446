export * from './api-document';
export * from './api-responses';
export * from './http-routes';
