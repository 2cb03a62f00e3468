package dev.vnlab.experiment;

import dev.vnlab.nn.Trainer;

/** Running a {@link Trainer} inside a cell, whose callbacks throw no checked exception. */
final class Trainers {
    private Trainers() {}

    /**
     * {@code trainer.run(epochs)}; an unexpected checked exception (none of the experiments'
     * callbacks throws one) is rethrown unchecked, naming the cell.
     */
    static Trainer.Result run(Trainer trainer, int epochs, String cellKey) {
        try {
            return trainer.run(epochs);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("training cell " + cellKey + " failed: " + e.getMessage(), e);
        }
    }
}
