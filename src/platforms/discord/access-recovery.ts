// A channel digest the bot paused because it could not post there resumes by itself once it can again: when
// Discord tells the bot that its permissions in the channel changed (the channel's overwrites, a role), or when
// someone uses /papers in that channel (every interaction carries the bot's permissions there). The person who
// configured it hears that it is running again.
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import type { Logger } from 'pino';
import type { DigestLayout, Target } from '../../core/targets/target.js';
import { tellResumed } from '../../delivery/paused-notice.js';
import type { Store } from '../../store/database.js';
import { channelPausedByBot, resumeDigestPausedByBot, workspaceChannelsPausedByBot } from '../../app/targets/paused-digests.js';

/**
 * What gets a Discord channel digest the bot paused going again, whatever the reason: the bot resumes it once it
 * sees it may post there (and a person can always resume it). Said in the admin's DM and in the /papers note.
 */
export const DISCORD_RESUME_HINT = 'It resumes by itself once the bot can post there again (or run /papers settings resume there).';

/** What posting a digest takes, by layout. */
const NEEDED: Record<DigestLayout, PermissionsBitField> = {
  messages: new PermissionsBitField([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks]),
  thread: new PermissionsBitField([
    PermissionFlagsBits.ViewChannel,
    PermissionFlagsBits.SendMessages,
    PermissionFlagsBits.EmbedLinks,
    PermissionFlagsBits.CreatePublicThreads,
    PermissionFlagsBits.SendMessagesInThreads,
  ]),
};

/** Every permission the bot uses, for the invite link: both layouts. */
export const DIGEST_PERMISSIONS = new PermissionsBitField([NEEDED.messages, NEEDED.thread]);

export function canPostDigest(granted: Readonly<PermissionsBitField>, layout: DigestLayout): boolean {
  return granted.has(NEEDED[layout], true);
}

/** What the bot lacks for a digest in this layout, as flag names ("SendMessages"); an administrator lacks nothing. */
export function missingForDigest(granted: Readonly<PermissionsBitField>, layout: DigestLayout): string[] {
  return granted.missing(NEEDED[layout], true);
}

/** Tells a person something in a DM; failures are the caller's to log. */
export type Tell = (userId: string, text: string) => Promise<void>;

export interface AccessRecovery {
  /** The bot's permissions in one channel are known (an interaction there, a channel update). */
  channelPermissions(guildId: string, channelId: string, granted: Readonly<PermissionsBitField>): Promise<void>;
  /** Something changed across a server (a role): check each paused channel there with `permissionsIn`. */
  serverChanged(guildId: string, permissionsIn: (channelId: string) => Readonly<PermissionsBitField> | null): Promise<void>;
}

/** Paused channels looked at after a change across a server; more than this wait for the next change. */
const CHANNELS_PER_SERVER_CHECK = 500;

export function accessRecovery(options: { store: Store; logger: Logger; now: () => Date; tell: Tell }): AccessRecovery {
  const { store, logger } = options;
  const resume = async (target: Target, granted: Readonly<PermissionsBitField>): Promise<void> => {
    if (!canPostDigest(granted, target.settings.layout)) return;
    const resumed = await resumeDigestPausedByBot(store, target.id, options.now());
    if (resumed === null) return;
    logger.info(
      { event: 'target.resumed', target: target.id, guild: target.workspace, channel: target.address },
      'the bot can post again; digest resumed',
    );
    // Not awaited: a command answered in the same breath must not wait for a DM (which may be rate limited).
    void tellResumed(options.tell, resumed, 'the bot can post there now').catch((error: unknown) =>
      logger.warn({ err: error, target: resumed.id }, 'could not tell the admin that the digest resumed'),
    );
  };
  return {
    async channelPermissions(guildId, channelId, granted) {
      const target = await channelPausedByBot(store, 'discord', guildId, channelId);
      if (target !== null) await resume(target, granted);
    },
    async serverChanged(guildId, permissionsIn) {
      for (const target of await workspaceChannelsPausedByBot(store, 'discord', guildId, CHANNELS_PER_SERVER_CHECK)) {
        const granted = permissionsIn(target.address);
        if (granted !== null) await resume(target, granted);
      }
    },
  };
}
