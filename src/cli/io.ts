/** Where a command writes and what it knows about its environment; tests pass their own. */
export interface Output {
  write(text: string): unknown;
  /** Set on a terminal: progress then redraws one live line instead of printing lines. */
  readonly isTTY?: boolean;
  /** Terminal width: the live line is cut to it, since a wrapped line cannot be redrawn with \r. */
  readonly columns?: number;
}

export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly home: string;
}
