/** One mail as the SMTP transport sends it. */
export interface OutgoingMail {
  /** The From header: the issuer's name, and its address when its profile has one. */
  from: { name: string; address: string };
  replyTo?: string;
  /** SMTP MAIL FROM (where bounces go): always MAIL_FROM's address. */
  envelopeFrom: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Fixed per delivery, so a mail sent again after a lost answer carries the same Message-ID. */
  messageId: string;
  language: string;
}

export interface MailTransport {
  /** Resolves once the server accepted the mail; rejects with the SMTP error otherwise. */
  send(mail: OutgoingMail): Promise<{ messageId: string; response: string }>;
  close(): void;
}

export interface SmtpOptions {
  /** Connection, greeting and socket inactivity limit, ms. */
  timeoutMs?: number;
}

/**
 * SMTP through nodemailer, loaded only when a transport is made (SMTP_URL
 * set). `smtp://` upgrades with STARTTLS when the server offers it;
 * `smtps://` is TLS from the start. Credentials travel in the URL.
 */
export async function createSmtpTransport(smtpUrl: string, options: SmtpOptions = {}): Promise<MailTransport> {
  const { default: nodemailer } = await import('nodemailer');
  const timeout = options.timeoutMs ?? 30_000;
  const transporter = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return {
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.from,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        to: mail.to,
        envelope: { from: mail.envelopeFrom, to: mail.to },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: { 'Content-Language': mail.language, 'Auto-Submitted': 'auto-generated' },
      });
      return { messageId: info.messageId, response: info.response };
    },
    close: () => transporter.close(),
  };
}

/**
 * Whether trying again cannot help: the server refused the message or its
 * recipient for good (an SMTP 5xx answer to the envelope or the data).
 * Connection failures, time-outs and 4xx answers are worth another try.
 */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as { code?: string; responseCode?: number };
  return (code === 'EENVELOPE' || code === 'EMESSAGE') && typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
}

/** `Name <address>` or a bare address, as MAIL_FROM is written. */
export function parseMailbox(value: string): { name?: string; address: string } {
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value);
  if (match) return { ...(match[1] ? { name: match[1] } : {}), address: match[2]! };
  const bare = value.trim();
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(bare)) throw new Error(`not a mailbox: ${value}`);
  return { address: bare };
}
