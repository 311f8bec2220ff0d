// Where the console prints: answers, and digests that fall due while someone is typing. At a terminal a digest
// must not land in the middle of a half-typed command: the line is cleared, the digest printed, and the prompt
// drawn again with what was typed.
import { clearLine, cursorTo, type Interface } from 'node:readline';
import type { Writable } from 'node:stream';

export interface ConsoleScreen {
  readonly output: Writable;
  /** Prints text (a newline is added) without breaking a prompt that is showing. */
  print(text: string): void;
  /** The interactive prompt, while one is shown; null otherwise. */
  showPrompt(prompt: Interface | null): void;
}

export function createConsoleScreen(output: Writable): ConsoleScreen {
  let prompt: Interface | null = null;
  return {
    output,
    print(text) {
      if (prompt === null) {
        output.write(`${text}\n`);
        return;
      }
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(`${text}\n`);
      prompt.prompt(true);
    },
    showPrompt(next) {
      prompt = next;
    },
  };
}
