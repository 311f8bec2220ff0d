// The "Similar" button Discord shows on a paper (each paper of a search or similar answer, each paper of a digest):
// its custom_id names the paper, and the bot answers whoever presses it, privately, with the papers most like it.
// The bot keeps nothing per button, so one on a digest from months ago still works.
import type { ListedPaper } from '../../../commands/command.js';
import { cut } from './text-limit.js';

/** Discord's limits on a message's components: 5 action rows of 5 buttons, labels of 80, custom_ids of 100. */
const ROW_BUTTONS = 5;
const CUSTOM_ID_MAX = 100;
const LABEL_MAX = 80;
const PREFIX = 'papers:similar:';

/** A button that sends the bot an interaction (style 2, grey: secondary to the links beside it). */
export interface DiscordActionButton {
  type: 2;
  style: 2;
  label: string;
  custom_id: string;
}

export interface DiscordActionRow {
  type: 1;
  components: DiscordActionButton[];
}

/** Any custom_id of ours with the prefix: one the bot did not make (forged, or from an older version) is answered too, in words. */
export const SIMILAR_BUTTON = /^papers:similar:([^]*)$/;

/** The Similar button of a paper, numbered as the paper is; null when its id would not fit a custom_id. */
export function similarButton(paperId: string, rank: number): DiscordActionButton | null {
  const customId = `${PREFIX}${paperId}`;
  if (customId.length > CUSTOM_ID_MAX || /\s/.test(paperId) || paperId === '') return null;
  return { type: 2, style: 2, label: cut(`${rank} · Similar`, LABEL_MAX), custom_id: customId };
}

/** The paper a Similar button names, or null for any other custom_id. */
export function similarPaperOf(customId: string): string | null {
  return SIMILAR_BUTTON.exec(customId)?.[1] ?? null;
}

/**
 * Similar buttons for the papers of an answer, five to a row, in at most `rows` rows (what the message has left
 * after its other rows): 25 papers with the rows to themselves, 20 under a row of page buttons. Papers past that
 * get none; their text is still there. Discord refuses two components with one custom_id in a message, so a paper
 * listed twice gets one button.
 */
export function similarRows(papers: readonly ListedPaper[], rows: number): DiscordActionRow[] {
  const seen = new Set<string>();
  const buttons: DiscordActionButton[] = [];
  for (const paper of papers) {
    const button = similarButton(paper.id, paper.rank);
    if (button === null || seen.has(button.custom_id)) continue;
    seen.add(button.custom_id);
    buttons.push(button);
  }
  const kept = buttons.slice(0, Math.max(0, rows) * ROW_BUTTONS);
  return Array.from({ length: Math.ceil(kept.length / ROW_BUTTONS) }, (_, i) => ({
    type: 1 as const,
    components: kept.slice(i * ROW_BUTTONS, (i + 1) * ROW_BUTTONS),
  }));
}
