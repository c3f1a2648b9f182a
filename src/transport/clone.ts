/**
 * How a message is copied on its way through the in-memory network, so that nodes never share
 * objects (as they could not over a real wire).
 */

/** `'structured'`: `structuredClone`; `'json'`: a JSON round trip; `'none'`: pass the object itself. */
export type CloneOption<M> = 'structured' | 'json' | 'none' | ((message: M) => M);

/** The copying function, or `null` when messages pass by reference. */
export function resolveClone<M>(option: CloneOption<M>): ((message: M) => M) | null {
  switch (option) {
    case 'structured':
      return (message) => structuredClone(message);
    case 'json':
      return (message) => (message === undefined ? message : (JSON.parse(JSON.stringify(message)) as M));
    case 'none':
      return null;
    default:
      return option;
  }
}
