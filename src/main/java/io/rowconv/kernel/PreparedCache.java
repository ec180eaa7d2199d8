package io.rowconv.kernel;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, least-recently-used cache of prepared filters (taps spectra, Toeplitz blocks, a bank's stacked
 * matrices), keyed by the filters' content: a cheap hash of the values picks the slot, an exact comparison of
 * every value (and of a few integers: lengths, operation, mode) decides a hit, so a hit is always the very same
 * taps. One per convolver (so per thread or Spark task); not thread-safe.
 *
 * <p>Admission: a filter is cached the second time its content is seen ({@link #seenBefore}), so rows that
 * each bring their own taps (the default case) never copy their taps or allocate an entry; they are prepared
 * in the convolver's scratch buffers as without a cache. The first sighting is remembered by its hash alone,
 * in a small table where a newer hash may overwrite an older one (that only delays admission).
 *
 * <p>Bound: the bytes of all entries (values and prepared forms) stay at most {@link #capacityBytes()}; the
 * least recently used entries are evicted first. An entry larger than the bound is never stored. The arrays of
 * evicted entries are kept for the next forms of the same size ({@link #allocate}, at most an eighth of the
 * bound): when the filters in use do not all fit, entries come and go row after row, and allocating a
 * spectrum of up to 512 KiB each time cost more in garbage collection than the cache saved
 * (PreparedFilterBench: 1.05 s per 2,000 rows against 0.79 s without the cache, before this reuse).
 *
 * @param <E> the prepared form of one key
 */
final class PreparedCache<E extends PreparedCache.Entry> {

  /** A cached value: says how many bytes it holds (its key's values included). */
  interface Entry {
    long bytes();

    /** Hands the entry's large arrays (prepared forms) to {@code sink} when it is evicted, for reuse. */
    void releaseArrays(java.util.function.Consumer<double[]> sink);
  }

  /**
   * Default bound per cache: 64 MiB (plus at most an eighth of it in arrays kept for reuse). A Spark task holds
   * one convolver (a {@link FilterBankConvolver} two caches: banks, and single filters), so an executor with c
   * cores holds at most c times this on top of its rows; 64 MiB keeps that a small share of a usual 2-8 GiB executor heap
   * while holding, for example, 120 spectra of taps of 16k samples (FFT size 65,536: 512 KiB each) or a
   * 128-filter bank of 4,096 taps at FFT size 8,192 (8 MiB).
   */
  static final long DEFAULT_CAPACITY_BYTES = 64L << 20;

  private static final int SEEN_SLOTS = 1 << 12;

  private final long capacityBytes;
  private final LinkedHashMap<ContentKey, E> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final long[] seen = new long[SEEN_SLOTS];
  /** Arrays of evicted entries, for {@link #allocate}. */
  private final java.util.ArrayDeque<double[]> recycled = new java.util.ArrayDeque<>();
  private long recycledBytes;
  private long bytes;
  private long hits;

  PreparedCache(long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("cache capacity must be >= 0 bytes, got " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
  }

  long capacityBytes() {
    return capacityBytes;
  }

  boolean enabled() {
    return capacityBytes > 0;
  }

  /** The entry for {@code probe}'s content (now the most recently used), or null. */
  E get(ContentKey probe) {
    E entry = entries.get(probe);
    if (entry != null) {
      hits++;
    }
    return entry;
  }

  /**
   * True when a content with this hash was offered before (and so is worth caching now); else remembers it.
   */
  boolean seenBefore(long hash) {
    int slot = slot(hash);
    if (seen[slot] == hash) {
      return true;
    }
    if (seen[slot] != ~hash) { // a refused content stays refused
      seen[slot] = hash;
    }
    return false;
  }

  /** Stores {@code entry} under a copy of {@code probe}; false (nothing stored) when it alone exceeds the bound. */
  boolean put(ContentKey probe, E entry) {
    long size = entry.bytes();
    if (size > capacityBytes) {
      return false;
    }
    entries.put(probe.copy(), entry);
    bytes += size;
    evictUntilWithin(entry);
    return true;
  }

  /**
   * Evicts least recently used entries other than {@code keep} until {@code added} more bytes fit; call before
   * {@link #allocate} so that the evicted arrays can serve it.
   */
  void makeRoom(E keep, long added) {
    bytes += added;
    evictUntilWithin(keep);
    bytes -= added;
  }

  /** An array of exactly {@code length} doubles: one of an evicted entry's when there is one, else new. */
  double[] allocate(int length) {
    Iterator<double[]> it = recycled.iterator();
    while (it.hasNext()) {
      double[] a = it.next();
      if (a.length == length) {
        it.remove();
        recycledBytes -= 8L * length;
        return a;
      }
    }
    return new double[length];
  }

  private void recycle(double[] a) {
    long size = 8L * a.length;
    while (!recycled.isEmpty() && recycledBytes + size > capacityBytes / 8) {
      recycledBytes -= 8L * recycled.removeFirst().length;
    }
    if (size <= capacityBytes / 8) {
      recycled.addLast(a);
      recycledBytes += size;
    }
  }

  /**
   * Accounts for {@code entry} (stored) having grown (or shrunk) by {@code added} bytes; evicts others as
   * needed, and the entry itself when it alone no longer fits (then returns false; the caller may still use
   * it for the row at hand).
   */
  boolean grew(E entry, long added) {
    bytes += added;
    boolean kept = true;
    if (entry.bytes() > capacityBytes) {
      kept = false;
      Iterator<E> all = entries.values().iterator();
      while (all.hasNext()) {
        if (all.next() == entry) {
          all.remove();
          bytes -= entry.bytes();
          break;
        }
      }
    }
    evictUntilWithin(entry);
    return kept;
  }

  /**
   * Marks this content as too large to cache (it outgrew the bound with its prepared forms): it will not be
   * admitted again while its mark stays in the table, so it is prepared in scratch buffers, without allocating
   * an entry per row.
   */
  void refuse(long hash) {
    seen[slot(hash)] = ~hash;
  }

  private static int slot(long hash) {
    return (int) (hash ^ (hash >>> 32)) & (SEEN_SLOTS - 1);
  }

  private void evictUntilWithin(E keep) {
    Iterator<Map.Entry<ContentKey, E>> eldest = entries.entrySet().iterator();
    while (bytes > capacityBytes && eldest.hasNext()) {
      E candidate = eldest.next().getValue();
      if (candidate == keep) {
        continue;
      }
      bytes -= candidate.bytes();
      eldest.remove();
      candidate.releaseArrays(this::recycle);
    }
  }

  long bytes() {
    return bytes;
  }

  long hits() {
    return hits;
  }

  /**
   * The content of a filter (or bank) as a cache key: some integers (lengths, operation, mode) and a run of
   * doubles compared bit for bit ({@link Arrays#equals(double[], int, int, double[], int, int)}: NaNs of any
   * payload match each other, +0.0 and -0.0 do not). A probe refers to the caller's arrays and is reused row
   * after row; {@link #copy()} makes the stored key.
   */
  static final class ContentKey {
    private int[] ints = new int[8];
    private int intCount;
    private double[] values;
    private int valuesOffset;
    private int valuesLength;
    private long hash;

    /** Points this probe at {@code values[offset .. + length)} and the first {@code count} of {@code ints}. */
    ContentKey set(int[] someInts, int count, double[] someValues, int offset, int length) {
      if (ints.length < count) {
        ints = new int[count];
      }
      System.arraycopy(someInts, 0, ints, 0, count);
      intCount = count;
      values = someValues;
      valuesOffset = offset;
      valuesLength = length;
      long h = ContentHash.of(someValues, offset, length);
      for (int i = 0; i < count; i++) {
        h = (h ^ someInts[i]) * 0x9E3779B97F4A7C15L;
      }
      hash = h ^ (h >>> 29);
      return this;
    }

    long hash() {
      return hash;
    }

    ContentKey copy() {
      ContentKey key = new ContentKey();
      key.ints = Arrays.copyOf(ints, intCount);
      key.intCount = intCount;
      key.values = Arrays.copyOfRange(values, valuesOffset, valuesOffset + valuesLength);
      key.valuesOffset = 0;
      key.valuesLength = valuesLength;
      key.hash = hash;
      return key;
    }

    /** Bytes held by a stored copy of this key. */
    long bytes() {
      return 8L * valuesLength + 4L * intCount + 64;
    }

    @Override
    public int hashCode() {
      return (int) (hash ^ (hash >>> 32));
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof ContentKey)) {
        return false;
      }
      ContentKey o = (ContentKey) other;
      return hash == o.hash && intCount == o.intCount && valuesLength == o.valuesLength
          && Arrays.equals(ints, 0, intCount, o.ints, 0, o.intCount)
          && Arrays.equals(values, valuesOffset, valuesOffset + valuesLength, o.values, o.valuesOffset,
              o.valuesOffset + o.valuesLength);
    }
  }
}
