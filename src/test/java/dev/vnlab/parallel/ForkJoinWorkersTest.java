package dev.vnlab.parallel;

/** The Workers contract on the workers of an owned ForkJoinPool. */
class ForkJoinWorkersTest extends WorkersTest {
    @Override Workers.Kind kind() { return Workers.Kind.FORK_JOIN; }
}
