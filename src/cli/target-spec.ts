// How an operator names a target on the command line:
//   console                       the console channel
//   console:me                    the console's person
//   PLATFORM:WORKSPACE:CHANNEL    a channel, e.g. discord:123456789:987654321 or slack:T0123:C0456
//   PLATFORM:WORKSPACE:user:ID    a person's direct messages
import type { TargetAddress } from '../core/targets/target.js';
import { CONSOLE_CALLER } from '../platforms/console/console-bot.js';
import { UsageError } from './cli-command.js';

export const TARGET_SPEC_HELP = 'console, console:me, PLATFORM:WORKSPACE:CHANNEL or PLATFORM:WORKSPACE:user:USER';

export function parseTargetSpec(spec: string | undefined): TargetAddress {
  if (spec === undefined || spec.trim() === '') throw new UsageError(`--target is required: ${TARGET_SPEC_HELP}`);
  const parts = spec.trim().split(':');
  if (parts.length === 1 && parts[0] === 'console') return { platform: 'console', workspace: 'local', kind: 'channel', address: 'console' };
  if (parts.length === 2 && parts[0] === 'console' && parts[1] === 'me') {
    return { platform: 'console', workspace: 'local', kind: 'user', address: CONSOLE_CALLER.user };
  }
  const valid = parts.every((p) => /^[\w.-]{1,100}$/.test(p));
  if (valid && parts.length === 3) {
    const [platform = '', workspace = '', address = ''] = parts;
    return { platform, workspace, kind: 'channel', address };
  }
  if (valid && parts.length === 4 && parts[2] === 'user') {
    const [platform = '', workspace = '', , address = ''] = parts;
    return { platform, workspace, kind: 'user', address };
  }
  throw new UsageError(`"${spec.slice(0, 60)}" is not a target. Use ${TARGET_SPEC_HELP}.`);
}
