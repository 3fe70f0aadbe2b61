/** What every `pano` command shares: usage errors, flag parsing, exit codes. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';

export const EXIT_OK = 0;
/** The command ran and failed: unknown or unapproved slogan, unwritable path, render failure. */
export const EXIT_FAILURE = 1;
/** The command line itself is wrong: unknown or missing flag, bad value, impossible size. */
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** stderr is a terminal: progress bars are drawn there. */
  isTty?: boolean;
}

/** A wrong command line. Each problem reads "tiếng Việt (English)", like every Pano error. */
export class UsageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'UsageError';
  }
}

/** The command ran and cannot go on (exit 1); the message reads "tiếng Việt (English)". */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}

export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs in strict mode, its errors turned into Vietnamese usage errors. */
export function parseFlags(args: string[], options: Options): Record<string, unknown> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    const token = /'([^' ]+)/.exec(message)?.[1] ?? '';
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError([`Không có tùy chọn ${token} (${message})`]);
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError([`Đối số thừa: ${token} (${message})`]);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw new UsageError([`Tùy chọn ${token} thiếu giá trị hoặc giá trị không hợp lệ (${message})`]);
      default:
        throw err;
    }
  }
}

/** Validates parsed flags against a schema whose messages are already bilingual. */
export function validateFlags<T extends z.ZodType>(schema: T, values: unknown): z.output<T> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  throw new UsageError(result.error.issues.map((i) => i.message));
}
