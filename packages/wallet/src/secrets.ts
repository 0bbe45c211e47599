// The offer secrets live with the domain, which writes offers inside issuance transactions.
export { deepLinkChallenge, deriveSecret, newTxCode, randomSecret } from '@laurel/issuance';
