#!/usr/bin/env node
/** `inopsio <command>`: the distribution's command line. `inopsio audit --help`. */
import { describeError } from './runtime/errors.ts';

const commands: Record<string, () => Promise<{ main: (args: string[]) => Promise<number> }>> = {
  audit: () => import('./audit/cli.ts'),
};

const [command, ...args] = process.argv.slice(2);
const load = command ? commands[command] : undefined;
if (!load) {
  console.log(`Usage: inopsio <command> [flags]\nCommands: ${Object.keys(commands).join(', ')}`);
  process.exit(command && command !== '--help' && command !== '-h' ? 2 : 0);
}
load()
  .then(({ main }) => main(args))
  .then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`error: ${describeError(error)}`);
      process.exit(1);
    },
  );
