/** The `switchboard` command: serve | migrate | user create | token create. */
import { parseArgs } from 'node:util';
import { loadConfig, SETTINGS } from './config.ts';
import { serve } from './cli/serve.ts';
import { tokenCreate, userCreate } from './cli/users.ts';
import { openStore } from './store/store.ts';

const HELP = `Usage: switchboard <command> [options]

Commands:
  serve                          run the server (the default)
  migrate                        apply database migrations and exit
  user create --email E [--name N] [--password P] [--admin]
  token create --email E [--name N] [--conversations id1,id2]
                                 create an API key for a user; prints it once

Configuration comes from the environment:
${Object.values(SETTINGS).map((s) => `  ${s.env.padEnd(30)} ${s.doc} (default: ${s.default || 'none'})`).join('\n')}
`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      admin: { type: 'boolean' },
      conversations: { type: 'string' },
    },
  });
  const [command = 'serve', sub] = positionals;
  if (values.help || command === 'help') return void process.stdout.write(HELP);
  const config = loadConfig();
  const flags = values as Record<string, string | boolean>;
  switch (`${command}${sub ? ` ${sub}` : ''}`) {
    case 'serve':
      return serve(config);
    case 'migrate': {
      const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, writeBatchMax: 1, secretKey: config.secretKey });
      await store.close();
      return void console.log(`migrated (${store.engine.name})`);
    }
    case 'user create':
      return userCreate(config, flags);
    case 'token create':
      return tokenCreate(config, flags);
    default:
      process.stderr.write(`unknown command: ${positionals.join(' ')}\n\n${HELP}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
