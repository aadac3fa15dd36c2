// The peer a user would pick instead of the QAN's resolve route: a bare fastify route returning a
// fixed JSON body, same framework and Node version, no validation, routing or registry behind it.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const body = {
  uri: 'q://*.eu-west/run',
  target: { kind: 'scope', scope: 'eu-west' },
  decision: { outcome: 'deliver', alias: 'node-0', address: '[::ffff:127.0.0.1]:1' },
};
app.get('/resolve', async () => body);
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ event: 'ready', http: app.server.address().port })}\n`);
