/**
 * Structured JSON-lines logging. Lines carry method, path (without query string), status and
 * timing — never bodies, cookies, tokens or query strings, which may hold postcodes or notes.
 */
export type LogLine = Record<string, unknown> & { level: 'error' | 'info' | 'debug'; msg: string };
export type Logger = (line: LogLine) => void;

const order = { silent: 0, error: 1, info: 2, debug: 3 } as const;

export function createLogger(
  level: keyof typeof order,
  write: (s: string) => void = (s) => process.stdout.write(s),
): Logger {
  return (line) => {
    if (order[line.level] > order[level]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`);
  };
}
