// The topic option of subscribe and unsubscribe: a saved search, typed as the rest of the line.
import { z } from 'zod';
import { MAX_TOPIC_LENGTH } from '../src/app/subscriptions.js';
import type { OptionSpec } from './command.js';

export function topicSchema(missing: string) {
  return z.string({ error: missing }).trim().min(1, missing).max(MAX_TOPIC_LENGTH, `A topic is at most ${MAX_TOPIC_LENGTH} characters.`);
}

export function topicOption(description: string, autocomplete: boolean): OptionSpec {
  return { name: 'topic', description, type: 'string', required: true, maxLength: MAX_TOPIC_LENGTH, text: 'rest', autocomplete };
}
