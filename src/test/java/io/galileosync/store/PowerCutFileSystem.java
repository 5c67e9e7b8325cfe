package io.galileosync.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:powercut:<path>}) over the real one that remembers, for every file, what was
 * written to it since it was last forced to the device ({@link FileChannel#force}). {@link #cut} writes the
 * files as a power cut at that moment would leave them on the device: everything forced, and of the writes
 * since, those that happened to reach the device anyway (each with the given chance), the others undone. A
 * write that only reached the OS is what a power cut takes; a process kill does not, which is why this is a
 * test of its own. (Public, with a public constructor: H2 makes one per path by reflection.)
 */
public final class PowerCutFileSystem extends FilePathWrapper {

    static final String SCHEME = "powercut";
    /** Writes, forces and cuts one at a time, so that a cut falls between two writes, never into one. */
    private static final Object DEVICE = new Object();
    private static final Map<String, List<Undo>> UNFORCED = new ConcurrentHashMap<>();

    /** How to take back one write that had not been forced: the bytes it overwrote and the size before it. */
    private record Undo(long position, byte[] before, long sizeBefore) {
    }

    public PowerCutFileSystem() {
        // for H2, which makes one per path
    }

    static void register() {
        FilePath.register(new PowerCutFileSystem());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        String file = getBase().toRealPath().toString();
        return new Channel(getBase().open(mode), UNFORCED.computeIfAbsent(file, f -> new ArrayList<>()));
    }

    /**
     * Writes into {@code image} the files of {@code dir} as the device holds them if the power goes now.
     *
     * @param reachedAnyway the chance that a write not forced yet reached the device all the same
     * @return how many writes were lost
     */
    static int cut(Path dir, Path image, Random random, double reachedAnyway) throws IOException {
        Files.createDirectories(image);
        int lost = 0;
        synchronized (DEVICE) {
            try (var files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    if (!Files.isRegularFile(file)) {
                        continue;
                    }
                    Path copy = image.resolve(file.getFileName());
                    Files.copy(file, copy);
                    List<Undo> unforced = UNFORCED.getOrDefault(file.toRealPath().toString(), List.of());
                    try (RandomAccessFile out = new RandomAccessFile(copy.toFile(), "rw")) {
                        for (int i = unforced.size() - 1; i >= 0; i--) {
                            if (random.nextDouble() < reachedAnyway) {
                                continue;
                            }
                            Undo undo = unforced.get(i);
                            out.seek(undo.position());
                            out.write(undo.before());
                            if (out.length() > undo.sizeBefore()) {
                                out.setLength(undo.sizeBefore());
                            }
                            lost++;
                        }
                    }
                }
            }
        }
        return lost;
    }

    /** A file channel that keeps, until the next force, how to undo each write. */
    private static final class Channel extends FileBase {
        private final FileChannel base;
        private final List<Undo> unforced;

        Channel(FileChannel base, List<Undo> unforced) {
            this.base = base;
            this.unforced = unforced;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            synchronized (DEVICE) {
                remember(position, src.remaining());
                return base.write(src, position);
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            synchronized (DEVICE) {
                remember(base.position(), src.remaining());
                return base.write(src);
            }
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            synchronized (DEVICE) {
                long before = base.size();
                if (size < before) {
                    remember(size, (int) (before - size));
                }
                base.truncate(size);
                return this;
            }
        }

        @Override
        public void force(boolean metaData) throws IOException {
            synchronized (DEVICE) {
                base.force(metaData);
                unforced.clear();
            }
        }

        private void remember(long position, int length) throws IOException {
            long size = base.size();
            int overwritten = (int) Math.max(0, Math.min(length, size - position));
            ByteBuffer before = ByteBuffer.allocate(overwritten);
            while (before.hasRemaining() && base.read(before, position + before.position()) > 0) {
                // read the bytes this write replaces
            }
            unforced.add(new Undo(position, before.array(), size));
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long position) throws IOException {
            base.position(position);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public synchronized FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
