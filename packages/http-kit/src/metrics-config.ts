import { z } from 'zod';

const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((value) => ['true', '1', 'yes', 'on'].includes(value));

/** The metrics settings both services read (docs/operators.md, "Observability"). */
export const metricsEnvShape = {
  /** Serve Prometheus metrics at /metrics. */
  METRICS: flag.default(true),
  /** Serve them on this port instead of the service's own (keep them off the public port). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
};

export const metricsEnvSchema = z.object(metricsEnvShape);
export type MetricsEnv = z.infer<typeof metricsEnvSchema>;
