/**
 * The plain arguments of a measuring script, in the order of `defaults`' keys: flags (`--json`)
 * are skipped, each plain argument must be a positive integer, and a missing one takes its
 * default. A bad argument ends the script with exit code 2 naming it: a count read as `NaN` would
 * measure nothing and still print figures.
 */
export function countArguments<K extends string>(
  usage: string,
  defaults: Readonly<Record<K, number>>,
  argv: readonly string[] = process.argv.slice(2),
): Record<K, number> {
  const names = Object.keys(defaults) as K[];
  const plain = argv.filter((arg) => !arg.startsWith('--'));
  if (plain.length > names.length) refuse(usage, `unexpected argument ${plain[names.length]}`);
  const counts = { ...defaults } as Record<K, number>;
  names.forEach((name, i) => {
    const text = plain[i];
    if (text === undefined) return;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1) refuse(usage, `${name} must be a positive integer, got ${text}`);
    counts[name] = n;
  });
  return counts;
}

function refuse(usage: string, problem: string): never {
  console.error(`${problem}\nusage: ${usage}`);
  process.exit(2);
}
