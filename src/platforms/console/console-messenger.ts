// Digests for the console channel: printed as readable text where the console bot talks.
import { digestText } from '../../core/digest/digest-text.js';
import type { Messenger } from '../../delivery/messenger.js';
import type { ConsoleScreen } from './console-screen.js';

export function consoleMessenger(screen: ConsoleScreen): Messenger {
  return {
    platform: 'console',
    sendDigest(target, digest, { id: deliveryId }) {
      const whom = target.kind === 'user' ? 'your personal digest' : 'digest for this console channel';
      screen.print(`\n--- scheduled ${whom} ---\n${digestText(digest)}\n---`);
      return Promise.resolve([`console-${deliveryId}`]);
    },
    notifyPaused(_target, reason) {
      screen.print(`The papers digest for this console channel is paused: ${reason}. /papers settings resume starts it again.`);
      return Promise.resolve();
    },
  };
}
