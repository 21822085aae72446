import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigurationError, loadConfig } from './config';
import { Variables, serviceVariables } from './variables';

const Schema = z.object({
  ...serviceVariables(8082),
  KAFKA_BROKERS: Variables.kafkaBrokers(),
  MONGO_URL: Variables.mongoUrl(),
  DATABASE_URL: Variables.postgresUrl(),
  FEATURE: Variables.flag(false),
});

describe('loadConfig', () => {
  it('applies defaults and parses values', () => {
    const config = loadConfig(Schema, { KAFKA_BROKERS: 'a:9092, b:9093', PORT: '9000', FEATURE: 'yes' });
    expect(config).toMatchObject({ PORT: 9000, KAFKA_BROKERS: ['a:9092', 'b:9093'], MONGO_URL: 'mongodb://127.0.0.1:27017', FEATURE: true });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig(Schema, { PORT: '' }).PORT).toBe(8082);
  });

  it.each([
    [{ KAFKA_BROKERS: 'not-a-broker' }, /^invalid configuration: KAFKA_BROKERS: must be a comma-separated list of host:port \(got "not-a-broker"\)$/],
    [{ MONGO_URL: 'mongo:/oops' }, /^invalid configuration: MONGO_URL: must be a mongodb:\/\/ or mongodb\+srv:\/\/ URL/],
    [{ PORT: '70000' }, /^invalid configuration: PORT: /],
    [{ DATABASE_URL: 'mysql://x' }, /^invalid configuration: DATABASE_URL: must be a postgres:\/\/ URL/],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(Schema, env)).toThrow(ConfigurationError);
    expect(() => loadConfig(Schema, env)).toThrow(message);
  });

  it('reads one base URL or a comma-separated list of them (the instances of an upstream)', () => {
    const Upstream = z.object({ PAY_URL: Variables.httpUrlList('http://127.0.0.1:8082') });
    expect(loadConfig(Upstream, {}).PAY_URL).toEqual(['http://127.0.0.1:8082']);
    expect(loadConfig(Upstream, { PAY_URL: 'http://a:1/, https://b:2' }).PAY_URL).toEqual(['http://a:1', 'https://b:2']);
    expect(() => loadConfig(Upstream, { PAY_URL: 'http://a:1,b:2' })).toThrow(
      'invalid configuration: PAY_URL: must be an http(s) URL, or a comma-separated list of them (got "http://a:1,b:2")',
    );
  });

  it('never echoes a password', () => {
    expect(() => loadConfig(Schema, { DATABASE_URL: 'postgres://u:s3cret@host' + ' x' })).toThrow(/u:\*\*\*@/);
  });
  describe('a variable from a file (NAME_FILE, as Docker and Kubernetes mount secrets)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-file-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the value from the file, trimmed', () => {
      const file = join(dir, 'database-url');
      writeFileSync(file, 'postgres://app:s3cret@db:5432/orders\n');
      expect(loadConfig(Schema, { DATABASE_URL_FILE: file }).DATABASE_URL).toBe('postgres://app:s3cret@db:5432/orders');
    });

    it('refuses the variable and its file both set, and a file it cannot read, without echoing the value', () => {
      const file = join(dir, 'mongo-url');
      writeFileSync(file, 'mongodb://db:27017');
      expect(() => loadConfig(Schema, { MONGO_URL: 'mongodb://other:27017', MONGO_URL_FILE: file })).toThrow(
        new ConfigurationError('invalid configuration: MONGO_URL: set MONGO_URL or MONGO_URL_FILE, not both'),
      );
      expect(() => loadConfig(Schema, { MONGO_URL_FILE: join(dir, 'missing') })).toThrow(/MONGO_URL: MONGO_URL_FILE=.*missing cannot be read \(ENOENT\)/);
    });

    it('validates what the file holds like any other value', () => {
      const file = join(dir, 'port');
      writeFileSync(file, 'not-a-port');
      expect(() => loadConfig(Schema, { PORT_FILE: file })).toThrow(/invalid configuration: PORT:/);
    });
  });
});
