export interface ServiceCommand {
  /** `issuer` or `verifier`: the command is `laurel-<service>`, its settings `<SERVICE>_PORT` and `<SERVICE>_PROCESSES`. */
  service: 'issuer' | 'verifier';
  defaultPort: number;
  /** The service's serveIssuer / serveVerifier (which calls serveService). */
  serve: () => Promise<void>;
}

/** Left-aligns a setting's example value under the others. */
const setting = (name: string, value: string) => `  ${name.padEnd(20)}${value}`;

/**
 * What `laurel-issuer` and `laurel-verifier` do: `--help` prints the main settings, anything else
 * serves until SIGTERM or Ctrl+C; a start-up failure prints one line and exits 1.
 */
export async function runServiceCommand({ service, defaultPort, serve }: ServiceCommand): Promise<void> {
  const prefix = service.toUpperCase();
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(
      [
        `Usage: laurel-${service}`,
        '',
        `Runs Laurel's ${service} service until SIGTERM or Ctrl+C. Every setting is an environment`,
        'variable (docs/operators.md lists them all), for example:',
        setting('DATABASE_URL', 'sqlite:data/laurel.db, or mysql://user:password@host:3306/laurel'),
        setting(`${prefix}_PORT`, String(defaultPort)),
        setting(`${prefix}_PROCESSES`, `1; a count, or auto (one per core), all serving ${prefix}_PORT`),
        setting('LOG_LEVEL', 'info'),
        '',
      ].join('\n'),
    );
    process.exit(0);
  }
  try {
    await serve();
  } catch (error) {
    console.error(`laurel-${service}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

