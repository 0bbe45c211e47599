import { describe, expect, it } from 'vitest';
import net from 'node:net';

describe('test network sandbox', () => {
  it('refuses an outbound fetch before any packet leaves', async () => {
    const failure = await fetch('https://example.com/').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error & { cause?: unknown }).cause)).toContain('LAUREL_TEST_NETWORK_BLOCKED');
  });

  it('refuses a raw socket to a public address', async () => {
    const error = await new Promise<Error>((resolve) => {
      const socket = net.connect({ host: '93.184.216.34', port: 80 });
      socket.on('error', resolve);
      socket.on('connect', () => resolve(new Error('connected')));
    });
    expect(error.message).toContain('LAUREL_TEST_NETWORK_BLOCKED');
  });

  it('still allows loopback, where the test servers live', async () => {
    const server = net.createServer((socket) => socket.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    server.close();
    expect(reply).toBe('hello');
  });
});
