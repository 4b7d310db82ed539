export interface CliContext {
  env: Record<string, string | undefined>;
  rootDir: string;
  out: (text: string) => void;
  err: (text: string) => void;
}
