import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './service-process';

/** One instruction, its continuation lines joined and comments dropped, as the builder reads it. */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  /** The base as written (`node:${NODE_VERSION}-trixie-slim`, `deps`, …). */
  from: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** The ARGs before the first FROM, with their defaults. */
  globalArgs: Record<string, string | undefined>;
  stages: Stage[];
}

/** Enough of the Dockerfile syntax for this repo's file: no heredocs, `\` as the escape character. */
export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    if (/^\s*#/.test(raw)) return; // comments and parser directives, also between continuation lines
    const line = raw.replace(/\s+$/, '');
    if (!pending && line === '') return;
    const joined = pending ? `${pending.text} ${line.trim()}` : line.trim();
    const start = pending?.line ?? index + 1;
    if (joined.endsWith('\\')) {
      pending = { text: joined.slice(0, -1).trimEnd(), line: start };
      return;
    }
    pending = undefined;
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(joined)!;
    instructions.push({ keyword: keyword.toUpperCase(), args, line: start });
  });
  const file: Dockerfile = { globalArgs: {}, stages: [] };
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      file.stages.push({ from: words[0], name: words[2]?.toLowerCase(), instructions: [] });
    } else if (file.stages.length === 0) {
      if (instruction.keyword !== 'ARG')
        throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
      const [name, value] = instruction.args.split('=', 2);
      file.globalArgs[name] = value;
    } else {
      file.stages[file.stages.length - 1].instructions.push(instruction);
    }
  }
  return file;
}

/** `${NAME}` and `$NAME` replaced by their values; unknown names by ''. */
export function expand(text: string, values: Record<string, string | undefined>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced, bare) => values[braced ?? bare] ?? '');
}

/** The stage a FROM names, if it names one rather than an image. */
export function stageNamed(file: Dockerfile, name: string): Stage | undefined {
  return file.stages.find((stage) => stage.name === name.toLowerCase());
}

export interface ImageConfig {
  /** The image the chain of stages starts from. */
  baseImage: string;
  /** The stages from the base image to the target, in build order. */
  chain: Stage[];
  env: Record<string, string>;
  user?: string;
  workdir?: string;
  cmd?: string;
  entrypoint?: string;
  healthcheck?: string;
  expose: string[];
}

/** What the image built for these build args holds: its final stage's chain of stages, folded. */
export function imageConfig(file: Dockerfile, buildArgs: Record<string, string>): ImageConfig {
  const args = { ...file.globalArgs, ...buildArgs };
  const chain: Stage[] = [];
  let stage: Stage | undefined = file.stages[file.stages.length - 1];
  let base = '';
  while (stage) {
    chain.unshift(stage);
    base = expand(stage.from, args);
    stage = stageNamed(file, base);
  }
  const config: ImageConfig = { baseImage: base, chain, env: {}, expose: [] };
  for (const current of chain) {
    const stageArgs: Record<string, string | undefined> = {};
    for (const { keyword, args: text } of current.instructions) {
      const values = { ...stageArgs, ...config.env };
      if (keyword === 'ARG') {
        const [name, value] = text.split('=', 2);
        stageArgs[name] = args[name] ?? value;
      } else if (keyword === 'ENV') {
        for (const [, name, value] of text.matchAll(/(\w+)=(\S*)/g)) config.env[name] = expand(value, values);
      } else if (keyword === 'USER') config.user = expand(text, values);
      else if (keyword === 'WORKDIR') config.workdir = text;
      else if (keyword === 'CMD') config.cmd = text;
      else if (keyword === 'ENTRYPOINT') config.entrypoint = text;
      else if (keyword === 'HEALTHCHECK') config.healthcheck = text;
      else if (keyword === 'EXPOSE') config.expose.push(...text.split(/\s+/).map((port) => expand(port, values)));
    }
  }
  return config;
}

export function readDockerfile(): Dockerfile {
  return parseDockerfile(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
}

/**
 * The pinned hadolint from its virtualenv in the cache (scripts/lib/hadolint.mjs makes it: ~10 s the
 * first time, nothing after that). Its path is the script's last line of output.
 */
export function ensureHadolint(): string {
  const output = execFileSync(process.execPath, [join(REPO, 'scripts', 'lib', 'hadolint.mjs')], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  return output.trim().split('\n').pop()!;
}
