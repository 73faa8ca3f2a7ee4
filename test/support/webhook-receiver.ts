// A local webhook receiver for tests (node:http): keeps every POST (body, Stripe-Signature) and
// answers with the status `answer` chooses.
import { createServer, type Server } from 'node:http';

export interface ReceivedWebhook {
  body: string;
  signature: string;
  event: any;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The status to answer a request with (default 200). */
  answer: (hook: ReceivedWebhook) => number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    answer: () => 200,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const hook = { body, signature: String(req.headers['stripe-signature'] ?? ''), event: JSON.parse(body) };
      receiver.received.push(hook);
      const status = receiver.answer(hook);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'receiver down '.repeat(200));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhook`;
  return receiver;
}
