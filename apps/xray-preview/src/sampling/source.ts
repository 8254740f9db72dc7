/**
 * Where the sampling rules come from: a file (re-read when it changes), inline JSON, or X-Ray's
 * default rule alone. The file is checked on every sampling request, which samplers make every
 * few seconds, so an edit is in force by the next poll without a watcher to manage. A file that
 * no longer parses keeps the previous rules in force and reports why.
 */
import { readFileSync, statSync } from 'node:fs';
import type { SamplingRule } from '../contract.js';
import { DEFAULT_RULE, parseSamplingRules, SamplingRulesError } from './rules.js';

/** Far more than 25 rules need, and little enough to read on a sampler's poll. */
const MAX_RULES_FILE_BYTES = 256 * 1024;

export interface RuleSet {
  readonly rules: readonly SamplingRule[];
  /** Epoch seconds of the last change. */
  readonly modified: number;
  readonly source: string;
  readonly error?: string;
}

export interface RulesSourceOptions {
  readonly file?: string;
  readonly inline?: string;
  /** Called once per new problem with the rules file. @default console.warn */
  readonly warn?: (message: string) => void;
  readonly now?: () => number;
}

export class SamplingRulesSource {
  private current: RuleSet;
  private fileStamp = '';
  private lastWarning: string | undefined;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;

  /** Throws SamplingRulesError when the rules given at start-up cannot be read. */
  constructor(private readonly options: RulesSourceOptions) {
    this.now = options.now ?? (() => Date.now() / 1000);
    this.warn = options.warn ?? ((message) => console.warn(`[xray-preview] ${message}`));
    const started = this.now();
    if (options.file !== undefined) {
      const { rules, stamp, modified } = this.readFile(options.file);
      this.fileStamp = stamp;
      this.current = { rules, modified, source: options.file };
    } else if (options.inline !== undefined) {
      const rules = parseSamplingRules(options.inline, 'XRAY_PREVIEW_SAMPLING_RULES');
      this.current = { rules, modified: started, source: 'env' };
    } else {
      this.current = { rules: [DEFAULT_RULE], modified: started, source: 'default' };
    }
  }

  /** The rules in force, after re-reading the file if it changed. */
  rules(): RuleSet {
    const file = this.options.file;
    if (file === undefined) return this.current;
    let stamp: string;
    try {
      const stat = statSync(file);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch (error) {
      return this.fail(`sampling rules file ${file} cannot be read: ${(error as Error).message}`);
    }
    if (stamp === this.fileStamp) return this.current;
    try {
      const { rules } = this.readFile(file);
      this.fileStamp = stamp;
      this.lastWarning = undefined;
      // When the preview saw the change, not the file's mtime: that is always later than a
      // client's last read of the old rules, also on file systems with coarse timestamps.
      this.current = { rules, modified: Math.max(this.now(), this.current.modified), source: file };
    } catch (error) {
      this.fileStamp = stamp;
      return this.fail(`${(error as Error).message}; the previous rules stay in force`);
    }
    return this.current;
  }

  private readFile(file: string): { rules: SamplingRule[]; stamp: string; modified: number } {
    let json: string;
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(file);
      // A FIFO or a device would block the preview or never end; a huge file is not rules.
      if (!stat.isFile()) {
        throw new SamplingRulesError(
          `sampling rules file ${file} is not a regular file; ` +
            'point XRAY_PREVIEW_SAMPLING_RULES_FILE at a JSON file',
        );
      }
      if (stat.size > MAX_RULES_FILE_BYTES) {
        throw new SamplingRulesError(
          `sampling rules file ${file} has ${stat.size} bytes; X-Ray's 25 rules fit in ` +
            `${MAX_RULES_FILE_BYTES} bytes`,
        );
      }
      json = readFileSync(file, 'utf8');
    } catch (error) {
      if (error instanceof SamplingRulesError) throw error;
      throw new SamplingRulesError(
        `sampling rules file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); ` +
          'create it or point XRAY_PREVIEW_SAMPLING_RULES_FILE at an existing file',
      );
    }
    return {
      rules: parseSamplingRules(json, `sampling rules file ${file}`),
      stamp: `${stat.mtimeMs}:${stat.size}`,
      modified: stat.mtimeMs / 1000,
    };
  }

  private fail(message: string): RuleSet {
    if (message !== this.lastWarning) this.warn(message);
    this.lastWarning = message;
    this.current = { ...this.current, error: message };
    return this.current;
  }
}
