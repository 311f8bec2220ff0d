// Digests for the console channel: printed as readable text where the console bot talks.
import type { Writable } from 'node:stream';
import { digestText } from '../../core/digest/digest-text.js';
import type { Messenger } from '../../delivery/messenger.js';

export function consoleMessenger(output: Writable): Messenger {
  return {
    platform: 'console',
    sendDigest(target, digest, { id: deliveryId }) {
      const whom = target.kind === 'user' ? 'your personal digest' : 'digest for this console channel';
      output.write(`\n--- scheduled ${whom} ---\n${digestText(digest)}\n---\n`);
      return Promise.resolve([`console-${deliveryId}`]);
    },
    notifyPaused(_target, reason) {
      output.write(`The papers digest for this console channel is paused: ${reason}. /papers settings resume starts it again.\n`);
      return Promise.resolve();
    },
  };
}
