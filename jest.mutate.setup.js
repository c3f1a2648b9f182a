/* global setTimeout, afterEach, afterAll */
/**
 * For the mutation run only: an error that escapes to RxJS's unhandled-error hook (a subscriber of
 * the machine that throws) fails the test that caused it. Without this RxJS rethrows it from a
 * timer, which kills the Stryker worker mid-run instead of killing the mutant. The machine
 * promises never to let an error escape, so escaping is a failure, not noise.
 */
const { config } = require('rxjs');

const escaped = [];
config.onUnhandledError = (err) => escaped.push(err);

/** RxJS reports from a timer: let it fire before looking. */
const check = async () => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  const errors = escaped.splice(0);
  if (errors.length > 0)
    throw new Error(`an error escaped to RxJS's unhandled-error hook: ${String(errors[0])}`);
};

afterEach(check);
afterAll(check);
