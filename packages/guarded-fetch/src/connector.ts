import dns from 'node:dns';
import net from 'node:net';
import { buildConnector } from 'undici';
import { classifyAddress, isCategoryAllowed, type AddressCategory, type AddressPolicy } from './address-policy.js';

/** node's `dns.lookup` signature, as `net.connect` accepts it. */
export type LookupFunction = net.LookupFunction;

/** A resolved address the policy refuses; the fetcher turns it into FETCH_ADDRESS_NOT_ALLOWED. */
export class AddressRefusal extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly category: AddressCategory,
  ) {
    super(`${hostname} resolves to ${address}, a ${category} address`);
    this.name = 'AddressRefusal';
  }
}

/** The name did not resolve; the fetcher turns it into FETCH_DNS_FAILED. */
export class DnsFailure extends Error {
  constructor(
    readonly hostname: string,
    options?: ErrorOptions,
  ) {
    super(`${hostname} did not resolve`, options);
    this.name = 'DnsFailure';
  }
}

export interface GuardedConnectorOptions {
  readonly policy: AddressPolicy;
  /** Lower-cased hostnames whose addresses are not checked. */
  readonly allowedHosts: ReadonlySet<string>;
  readonly lookup: LookupFunction;
  readonly timeoutMs: number;
}

function resolve(hostname: string, lookup: LookupFunction): Promise<string[]> {
  if (net.isIP(hostname)) return Promise.resolve([hostname]);
  return new Promise((done, fail) => {
    lookup(hostname, { all: true }, (error, result) => {
      if (error) return fail(new DnsFailure(hostname, { cause: error }));
      // A lookup that ignores `all` answers with one address.
      const addresses = Array.isArray(result) ? result.map((entry) => entry.address) : [result];
      if (addresses.length === 0 || addresses.some((address) => typeof address !== 'string' || !net.isIP(address))) {
        return fail(new DnsFailure(hostname));
      }
      done(addresses);
    });
  });
}

/**
 * An undici connector that resolves the name itself, checks every address it
 * gets against the policy, and then connects to one of those same addresses.
 * Checking in one place and letting the socket resolve again in another would
 * let a DNS server answer differently the second time (DNS rebinding).
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const connectTo = buildConnector({ timeout: options.timeoutMs });
  return (target, callback) => {
    const hostname = target.hostname.toLowerCase();
    resolve(hostname, options.lookup).then(
      (addresses) => {
        if (!options.allowedHosts.has(hostname)) {
          for (const address of addresses) {
            const category = classifyAddress(address);
            // One bad address refuses the name: which one the stack would pick is not ours to predict.
            if (!isCategoryAllowed(category, options.policy)) {
              callback(new AddressRefusal(hostname, address, category), null);
              return;
            }
          }
        }
        // TLS must still verify the certificate for the name, not the address.
        const servername = target.servername || (net.isIP(hostname) ? undefined : hostname);
        const attempt = (index: number, lastError?: Error): void => {
          const address = addresses[index];
          if (address === undefined) {
            callback(lastError ?? new Error(`could not connect to ${hostname}`), null);
            return;
          }
          connectTo({ ...target, hostname: address, servername }, (error, socket) => {
            if (error) attempt(index + 1, error);
            else callback(null, socket);
          });
        };
        attempt(0);
      },
      (error: Error) => callback(error, null),
    );
  };
}

export const systemLookup: LookupFunction = dns.lookup as LookupFunction;
