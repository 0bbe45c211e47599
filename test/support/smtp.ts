import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  recipients: string[];
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Stops accepting connections (a server that is down); `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server, by nodemailer's authors) on 127.0.0.1,
 * plain text (no STARTTLS; AUTH only when `auth` is given, then required), that keeps every message it accepts
 * and refuses recipients at @rejected.test for good (550).
 */
export async function startTestSmtpServer(options: { auth?: { user: string; pass: string } } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const make = () =>
    new SMTPServer({
      disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      ...(options.auth ? { authOptional: false, allowInsecureAuth: true } : {}),
      onAuth(auth, _session, callback) {
        if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
      },
      logger: false,
      onRcptTo(address, _session, callback) {
        // A mailbox that does not exist, answered as real servers do (RFC 5321 §4.2.2: 550).
        if (address.address.endsWith('@rejected.test')) {
          const error = Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 });
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            received.push({ envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', recipients: session.envelope.rcptTo.map((to) => to.address), parsed });
            callback();
          })
          .catch(callback);
      },
    });
  let server = make();
  const listen = (port: number) => new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
  });
  const port = await listen(0);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async start() {
      server = make();
      await listen(port);
    },
  };
}
