/** The baseline: a bare Fastify route that parses the same JSON body and answers at once. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/bare', async (request, reply) => reply.code(201).send({ ok: true, received: typeof request.body }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
