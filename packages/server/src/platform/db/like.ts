/**
 * A user's search text as a LIKE/ILIKE pattern that matches it anywhere: `%`, `_` and `\` in the
 * text are matched literally (PostgreSQL's default escape character is `\`), so searching "50%"
 * does not match "500".
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%text%` with the text's wildcards escaped: the pattern of a "contains" search. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
