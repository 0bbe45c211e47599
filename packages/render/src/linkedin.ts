import type { CertificateData } from './certificate-data.js';

/**
 * LinkedIn's "Add to profile" link for a certification, pre-filled with the
 * organisation, name, issue date, credential id and URL.
 * https://addtoprofile.linkedin.com/
 */
export function linkedInAddToProfileUrl(certificate: CertificateData, pageUrl: string): string {
  const issued = new Date(certificate.issuedOn);
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: certificate.tier ? `${certificate.achievementName} (${certificate.tier})` : certificate.achievementName,
    organizationName: certificate.issuerName,
    ...(Number.isNaN(issued.getTime()) ? {} : { issueYear: String(issued.getUTCFullYear()), issueMonth: String(issued.getUTCMonth() + 1) }),
    certUrl: pageUrl,
    certId: certificate.credentialId,
  });
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}
