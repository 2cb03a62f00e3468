package dev.vnlab.cli;

import dev.vnlab.memory.HeapBudget;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;

/** The one line a failure that is not a user's mistake becomes: what happened, to which file, and what to do. */
final class Failures {
    private Failures() {}

    /** A file-system failure as a sentence naming the file: the exception's own message is often the bare path. */
    static String describe(FileSystemException e) {
        String file = e.getFile() == null ? "a file" : e.getFile();
        String what;
        if (e instanceof NoSuchFileException) what = file + " does not exist";
        else if (e instanceof AccessDeniedException) what = file + " cannot be accessed (permission denied)";
        else if (e instanceof NotDirectoryException) what = file + " is not a directory";
        else if (e instanceof FileAlreadyExistsException) what = file + " already exists and is not a directory";
        else if (e instanceof DirectoryNotEmptyException) what = file + " is a directory that is not empty";
        else if (e instanceof FileSystemLoopException) what = file + " is part of a loop of symbolic links";
        else what = file + ": " + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason());
        if (e.getOtherFile() != null) what += " (with " + e.getOtherFile() + ")";
        return what + "; expected a path this user can read and write";
    }

    /** An {@link OutOfMemoryError} that the estimate before the run did not foresee; a sweep's finished cells are kept. */
    static String outOfMemory(String command, String[] args, boolean sweep) {
        long heap = HeapBudget.maxHeap();
        int out = List.of(args).indexOf("--out");
        String kept = out >= 0 && out + 1 < args.length ? args[out + 1] : "the --out directory";
        return "ran out of memory in a heap of " + HeapBudget.mib(heap) + " MB"
                + (sweep ? "; the cells finished so far are kept in " + kept + " and the same command resumes from them" : "")
                + "; expected a larger heap, e.g. VNLAB_JAVA_OPTS=-Xmx" + 2 * HeapBudget.mib(heap) + "m ./vnlab " + command + " ... (or smaller settings)";
    }

    /** A defect of vnlab's own: one line with the exception and where it arose, the stack trace on request. */
    static String internal(Throwable e) {
        StackTraceElement[] at = e.getStackTrace();
        return "failed: " + e + (at.length == 0 ? "" : " at " + at[0]) + "; this is a defect of vnlab: please report it with the command"
                + " (VNLAB_JAVA_OPTS=-Dvnlab.trace=true prints the stack trace)";
    }
}
