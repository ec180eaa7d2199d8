package io.rowconv.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rowconv.spark.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one filter of every row, from the command line ({@code --taps "0.25,0.5,0.25"}) or a file
 * ({@code --taps-file PATH}, read through Hadoop's file systems): a {@code .npy} file (numpy's
 * {@code np.save} of a 1-D array of float64, float32, int64 or int32), a {@code .json} file (one JSON array of
 * numbers), or text with one number per line (blank lines and lines starting with {@code #} skipped). A missing
 * file, no numbers, a value that is not a number or not finite are refused before any work, naming the file and
 * the line (text) or the index.
 */
final class SharedTaps {

  private SharedTaps() {}

  /** {@code --taps}: comma-separated numbers; a usage error names the element. */
  static double[] parseInline(String text) {
    String[] parts = text.split(",", -1);
    double[] taps = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        taps[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw UserError.usage("--taps: element " + i + " '" + parts[i].trim() + "' is not a number (expected numbers "
            + "separated by commas, e.g. --taps \"0.25,0.5,0.25\")");
      }
      if (!Double.isFinite(taps[i])) {
        throw UserError.usage("--taps: element " + i + " is " + taps[i] + ": the taps must be finite");
      }
    }
    return taps;
  }

  /** {@code --taps-file}: the file's numbers; an input error names the file and the line or index. */
  static double[] read(String location, Configuration hadoop) {
    Path path = new Path(location);
    byte[] bytes;
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        throw UserError.input("taps file '" + location + "' does not exist (--taps-file)");
      }
      try (InputStream in = fs.open(path)) {
        bytes = in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UserError(UserError.Category.INPUT, "cannot read the taps file '" + location + "' (--taps-file): "
          + e.getMessage(), e);
    }
    String name = path.getName().toLowerCase(Locale.ROOT);
    double[] taps = name.endsWith(".npy") ? npy(location, bytes)
        : name.endsWith(".json") ? json(location, bytes) : text(location, bytes);
    if (taps.length == 0) {
      throw UserError.input("taps file '" + location + "' holds no numbers (--taps-file)");
    }
    for (int i = 0; i < taps.length; i++) {
      if (!Double.isFinite(taps[i])) {
        throw UserError.input("taps file '" + location + "': element " + i + " is " + taps[i]
            + ": the taps must be finite");
      }
    }
    return taps;
  }

  private static double[] text(String location, byte[] bytes) {
    List<Double> values = new ArrayList<>();
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\r?\\n", -1);
    for (int line = 0; line < lines.length; line++) {
      String value = lines[line].trim();
      if (value.isEmpty() || value.startsWith("#")) {
        continue;
      }
      try {
        values.add(Double.parseDouble(value));
      } catch (NumberFormatException e) {
        throw UserError.input("taps file '" + location + "', line " + (line + 1) + ": '" + value
            + "' is not a number (expected one number per line, or a .npy or .json file)");
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] json(String location, byte[] bytes) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(bytes);
    } catch (IOException e) {
      throw UserError.input("taps file '" + location + "' is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isArray()) {
      throw UserError.input("taps file '" + location + "' must hold one JSON array of numbers");
    }
    double[] taps = new double[root.size()];
    for (int i = 0; i < taps.length; i++) {
      if (!root.get(i).isNumber()) {
        throw UserError.input("taps file '" + location + "': element " + i + " (" + root.get(i)
            + ") is not a number");
      }
      taps[i] = root.get(i).asDouble();
    }
    return taps;
  }

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([fi])(\\d)'");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\((\\d+),?\\s*\\)");

  /** numpy's format: magic, version, header length, a dict header, then the data. */
  private static double[] npy(String location, byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII)
        .equals("NUMPY")) {
      throw UserError.input("taps file '" + location + "' is not a .npy file (no numpy magic)");
    }
    int major = bytes[6];
    int headerLength = major == 1 ? buffer.getShort(8) & 0xffff : buffer.getInt(8);
    int dataStart = (major == 1 ? 10 : 12) + headerLength;
    String header = new String(bytes, major == 1 ? 10 : 12, headerLength, StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !shape.find() || header.contains("'fortran_order': True")) {
      throw UserError.input("taps file '" + location + "' must hold a 1-D array of float64, float32, int64 or "
          + "int32 (np.save of a 1-D array); its header is " + header.trim());
    }
    if (descr.group(1).equals(">")) {
      buffer.order(ByteOrder.BIG_ENDIAN);
    }
    String kind = descr.group(2) + descr.group(3);
    int count = Integer.parseInt(shape.group(1));
    int size = Integer.parseInt(descr.group(3));
    if (!List.of("f8", "f4", "i8", "i4").contains(kind)) {
      throw UserError.input("taps file '" + location + "' holds numpy type " + kind + ": expected float64, "
          + "float32, int64 or int32");
    }
    if ((long) dataStart + (long) count * size > bytes.length) {
      throw UserError.input("taps file '" + location + "' is cut short: its header promises " + count + " values");
    }
    double[] taps = new double[count];
    for (int i = 0; i < count; i++) {
      int at = dataStart + i * size;
      taps[i] = switch (kind) {
        case "f8" -> buffer.getDouble(at);
        case "f4" -> buffer.getFloat(at);
        case "i8" -> buffer.getLong(at);
        default -> buffer.getInt(at);
      };
    }
    return taps;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
