/** Runs the copyable marble test of `examples/` as part of this suite, so it never goes stale. */
import '../../examples/marble.test-example';
