import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Thrown by loadConfig; its message is one line naming the variable and what is wrong with it. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Validates the environment against a zod object whose keys are variable names, and returns a frozen,
 * typed configuration. Empty strings count as unset so that `FOO= npm start` falls back to the default.
 * Every variable can also come from a file: `FOO_FILE=/run/secrets/foo` reads FOO from it (the
 * convention of Docker and Kubernetes secrets mounted as files); setting both is an error.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env = process.env): Readonly<z.infer<S>> {
  const input: Env = {};
  for (const key of Object.keys(schema.shape)) {
    const value = valueOf(key, env);
    input[key] = value === undefined || value.trim() === '' ? undefined : value.trim();
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? '(unknown)');
    const given = input[variable];
    const shown = given === undefined ? 'it is not set' : `got "${redact(variable, given)}"`;
    throw new ConfigurationError(`invalid configuration: ${variable}: ${issue?.message ?? 'invalid'} (${shown})`);
  }
  return Object.freeze(result.data);
}

/**
 * loadConfig for a service's main.ts: a bad or missing value stops the process at once with one line
 * on stderr naming the variable (exit code 78, EX_CONFIG), before anything connects anywhere.
 */
export function loadConfigOrExit<S extends z.ZodObject>(service: string, schema: S, env: Env = process.env) {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(78);
  }
}

function valueOf(key: string, env: Env): string | undefined {
  const file = env[`${key}_FILE`]?.trim();
  if (!file) return env[key];
  if (env[key] !== undefined && env[key].trim() !== '') {
    throw new ConfigurationError(`invalid configuration: ${key}: set ${key} or ${key}_FILE, not both`);
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigurationError(`invalid configuration: ${key}: ${key}_FILE=${file} cannot be read (${reason})`);
  }
}

function redact(variable: string, value: string): string {
  if (/SECRET|PASSWORD|TOKEN|KEY/i.test(variable)) return '***';
  // never echo credentials embedded in a URL
  return value.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
