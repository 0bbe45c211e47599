export { processLearnerMail, mailRetryDelayMs, type LearnerMailSummary } from './deliveries.js';
export { startLearnerMailWorker, type LearnerMailWorker } from './worker.js';
export { createSmtpTransport, isPermanentSmtpFailure, parseMailbox, type MailTransport, type OutgoingMail, type SmtpOptions } from './transport.js';
export { composeMail, type MailContent, type ComposedMail } from './compose.js';
export { mailMessages, type MailMessages, type MailMessageKey } from './messages.js';
export type { LearnerMailDeps, MailLogger } from './deps.js';
