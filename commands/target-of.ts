// Which target a command acts on: the channel it was run in, or the person who ran it.
import type { TargetAddress } from '../src/core/targets/target.js';
import type { CommandCaller } from './command.js';

export function targetOf(caller: CommandCaller, scope: 'channel' | 'me'): TargetAddress {
  return scope === 'me'
    ? { platform: caller.platform, workspace: caller.workspace, kind: 'user', address: caller.user }
    : { platform: caller.platform, workspace: caller.workspace, kind: 'channel', address: caller.channel };
}
