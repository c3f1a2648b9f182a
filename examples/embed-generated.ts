/** Replace the text between `<!-- generated:NAME:start -->` and `<!-- generated:NAME:end -->` markers. */
export function embedGenerated(document: string, name: string, content: string): string {
  const start = `<!-- generated:${name}:start -->`;
  const end = `<!-- generated:${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} markers in the document`);
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}

/** The text between the markers, or undefined. */
export function readGenerated(document: string, name: string): string | undefined {
  const start = `<!-- generated:${name}:start -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(`<!-- generated:${name}:end -->`);
  return from < 0 || to < from ? undefined : document.slice(from + start.length, to).trim();
}
