export interface CliContext {
  env: Record<string, string | undefined>;
  rootDir: string;
  out: (text: string) => void;
  err: (text: string) => void;
  /** The clock for ages such as `--since 15m` (default: the system clock). */
  now?: () => Date;
}
