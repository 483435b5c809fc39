import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * JSON logs, one object per line. Fields that could carry a secret are redacted wherever
 * they appear, so a careless `log.info({ body })` cannot leak one.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'inopsio-operator' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['password', 'token', 'secret', '*.password', '*.token', '*.secret', '*.data'],
      censor: '[redacted]',
    },
  });
}
