/** Fields allowed in a log line. Never put tokens, names or LINE user ids here. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that writes one JSON object per line, tagged with the request id. */
export function createLogger(requestId: string): Logger {
  const write = (level: "info" | "warn" | "error", message: string, fields: LogFields = {}) => {
    const line = JSON.stringify({ level, message, requestId, ...fields });
    if (level === "error") console.error(line);
    else if (level === "warn") console.warn(line);
    else console.log(line);
  };
  return {
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
  };
}
