/** What the container lint reads and what it reports (lint.ts). */
import type { ParsedCli } from './cli-args.js';

export interface Sources {
  dockerfile: string;
  dockerignore: string | null;
  compose: string;
  /** Does this context-relative path exist in the checkout? */
  exists: (path: string) => boolean;
  /** MTAP_* variables the source reads (knownEnvVars). */
  knownEnv: ReadonlySet<string>;
  /** Bare package names the runtime code imports, and package.json's dependencies. */
  runtimeImports: ReadonlySet<string>;
  dependencies: ReadonlySet<string>;
}

export interface Problem {
  file: 'Dockerfile' | 'docker-compose.yml' | '.dockerignore' | 'package.json';
  line: number;
  rule: string;
  message: string;
}

/** A command line one of the files runs, as the container would run it. */
export interface CommandLine {
  /** Stable id: `compose:runner:command`, `compose:dut:healthcheck`, `dockerfile:cmd`, `dockerfile:healthcheck`. */
  id: string;
  file: Problem['file'];
  line: number;
  service: string | null;
  role: 'command' | 'healthcheck';
  argv: string[];
  /** The image's ENV with the service's environment over it. */
  env: Record<string, string>;
  workdir: string;
  /** When the line runs mtap: what the CLI parsed. */
  mtap: ParsedCli | null;
}

export interface LintResult {
  problems: Problem[];
  commands: CommandLine[];
}

/** The services the issue asks for. */
export const REQUIRED_SERVICES = ['dut', 'runner', 'postgres', 'dashboard'] as const;
export const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
export const ROOT_USERS = /^(root|0)(:(root|0))?$/;
export const DEFAULT_DUT_PORT = 9000;
