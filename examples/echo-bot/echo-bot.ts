/**
 * An echo bot for Switchboard, in TypeScript. It receives outgoing webhooks in the `fleep` format,
 * verifies their Standard Webhooks signature with the `standardwebhooks` package, and echoes every
 * message back — by posting to the delivery's `reply_url` (the default), or, with
 * REPLY_MODE=response, by answering the delivery itself with `{"text": "..."}`.
 *
 *   WEBHOOK_SECRET=whsec_... PORT=8091 node examples/echo-bot/echo-bot.ts
 */
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

interface FleepPayload {
  reply_url: string;
  messages: { message_id: string; message: string; sender_name?: string }[];
}

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('set WEBHOOK_SECRET to the webhook secret Switchboard showed');
const verifier = new Webhook(secret);
const replyInResponse = process.env.REPLY_MODE === 'response';

/** Fleep sends message text as a small XML document; the echo wants plain text. */
function plainText(xml: string): string {
  return xml
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/p>\s*<p>/g, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  let payload: FleepPayload;
  try {
    payload = verifier.verify(body, req.headers as Record<string, string>) as FleepPayload;
  } catch {
    res.writeHead(401).end();
    return;
  }
  const texts = payload.messages.map((m) => `echo: ${plainText(m.message)}`);
  if (replyInResponse) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: texts.join('\n') }));
    return;
  }
  res.writeHead(200).end();
  for (const text of texts) {
    await fetch(payload.reply_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: text, user: 'Echo bot' }) });
  }
});

server.listen(Number(process.env.PORT ?? 8091), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(JSON.stringify({ url: `http://127.0.0.1:${address.port}/` }));
});
