import { main } from './main.js';

main(process.argv.slice(2), process.env).catch((error: unknown) => {
  process.stderr.write(`dqn-agent: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
