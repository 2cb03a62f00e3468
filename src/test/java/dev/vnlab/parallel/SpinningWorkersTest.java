package dev.vnlab.parallel;

/** The Workers contract on vnlab's own spinning helper threads. */
class SpinningWorkersTest extends WorkersTest {
    @Override Workers.Kind kind() { return Workers.Kind.SPINNING; }
}
