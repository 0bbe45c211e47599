type Env = Record<string, string | undefined>;

function localUrl(port: string | undefined): string | undefined {
  const number = Number(port);
  // Port 0 means "any free port", known only once listening: the schema default applies then.
  return port !== undefined && Number.isInteger(number) && number > 0 && number <= 65535 ? `http://localhost:${number}` : undefined;
}

/**
 * The environment with unset public URLs derived from the configured ports:
 * setting only ISSUER_PORT (or VERIFIER_PORT) must not leave credentials
 * pointing at the default port, where another server may answer. Status lists
 * are served by the verifier, so STATUS_PUBLIC_URL follows VERIFIER_PUBLIC_URL.
 * Every process that reads these settings applies it before parsing.
 */
export function withPublicUrlDefaults(env: Env): Env {
  const issuerUrl = env.ISSUER_PUBLIC_URL ?? localUrl(env.ISSUER_PORT);
  const verifierUrl = env.VERIFIER_PUBLIC_URL ?? localUrl(env.VERIFIER_PORT);
  const statusUrl = env.STATUS_PUBLIC_URL ?? verifierUrl;
  return {
    ...env,
    ...(issuerUrl === undefined ? {} : { ISSUER_PUBLIC_URL: issuerUrl }),
    ...(verifierUrl === undefined ? {} : { VERIFIER_PUBLIC_URL: verifierUrl }),
    ...(statusUrl === undefined ? {} : { STATUS_PUBLIC_URL: statusUrl }),
  };
}
