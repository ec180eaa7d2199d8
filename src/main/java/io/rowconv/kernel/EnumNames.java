package io.rowconv.kernel;

import java.util.Locale;
import java.util.StringJoiner;

/** Parsing of the kernel's enums from their lower-case command-line names. */
final class EnumNames {

  private EnumNames() {}

  /** The constant named {@code text} (any case, surrounding blanks ignored), or an error listing the choices. */
  static <E extends Enum<E>> E parse(Class<E> type, String text, String noun) {
    StringJoiner choices = new StringJoiner(", ");
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return constant;
      }
      choices.add(constant.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException("Unknown " + noun + " '" + text + "': expected one of " + choices);
  }
}
