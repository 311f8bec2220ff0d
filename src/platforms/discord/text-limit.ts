// Discord refuses text over its limits; text that may be too long is cut to fit, and marked as cut.

export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
