// Colour for the console, when the terminal shows it (Node's own check: NO_COLOR, FORCE_COLOR, TERM): paper
// titles in bold, links dimmed, the prompt in cyan. Without colour the text is left exactly as the core wrote it.
const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const CYAN = '\u001b[36m';
const RESET = '\u001b[0m';

export interface ConsoleStyle {
  prompt(text: string): string;
  answer(text: string): string;
}

export const PLAIN_STYLE: ConsoleStyle = { prompt: (text) => text, answer: (text) => text };

export const COLOUR_STYLE: ConsoleStyle = {
  prompt: (text) => `${CYAN}${text}${RESET}`,
  answer: (text) =>
    text
      .split('\n')
      .map((line) => {
        if (/^\s*\d{1,3}\. \S/.test(line)) return `${BOLD}${line}${RESET}`;
        if (/^\s*https?:\/\/\S+$/.test(line)) return `${DIM}${line}${RESET}`;
        return line;
      })
      .join('\n'),
};
