import type { CertificateData } from '../certificate-data.js';
import type { SafeHtml } from '../html.js';
import type { Locale, Messages } from '../i18n.js';
import type { Theme } from '../theme.js';

/** What every template is given: the same data the PDF is drawn from. */
export interface TemplateInput {
  certificate: CertificateData;
  theme: Theme;
  locale: Locale;
  t: Messages;
  /** The QR code of the certificate's page (our own SVG). */
  qr: SafeHtml;
  /** The badge image: the achievement's own, or our generated medal. */
  badge: SafeHtml;
}

export interface CertificateTemplate {
  id: string;
  /** Shown to issuers choosing a template. */
  label: string;
  render(input: TemplateInput): SafeHtml;
  /** CSS for this template only; theme values arrive as custom properties (--primary, …). */
  css: string;
}
