/**
 * Architecture rules, checked by `npm run lint` (dependency-cruiser):
 * - a service's domain imports nothing outside its own domain folder (no Nest, no ORM, no kafkajs);
 * - the application layer never reaches into adapters;
 * - a service imports other code only from libs/ (never another service);
 * - libs/contracts stays framework-free;
 * - the web front end reaches the platform over HTTP only: it imports no service or library code,
 *   and nothing imports it (the gateway serves its build as files).
 */
const SERVICES = '(app|pay|store|customer|marketing|gateway)';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain code depends on nothing but itself and the event contracts',
      from: { path: `^${SERVICES}/src/domain/` },
      to: { pathNot: [`^$1/src/domain/`, '^libs/contracts/', 'node_modules/zod'] },
    },
    {
      name: 'application-not-on-adapters',
      severity: 'error',
      from: { path: `^${SERVICES}/src/application/` },
      to: { path: `^$1/src/adapters/` },
    },
    {
      name: 'no-service-to-service-imports',
      severity: 'error',
      from: { path: `^${SERVICES}/` },
      to: { path: `^${SERVICES}/`, pathNot: '^$1/' },
    },
    {
      name: 'contracts-framework-free',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: 'node_modules/(@nestjs|typeorm|mongoose|kafkajs)' },
    },
    {
      name: 'web-over-http-only',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: `^(${SERVICES.slice(1, -1)}|libs)/` },
    },
    {
      name: 'nothing-imports-web',
      severity: 'error',
      from: { pathNot: '^web/' },
      to: { path: '^web/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
  },
};
