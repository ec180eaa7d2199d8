package io.rowconv.spark.sql;

import java.util.function.Function;
import org.apache.spark.sql.catalyst.expressions.Expression;

/** Checks of the functions' constant arguments, with messages that name the function and the argument. */
final class SqlArguments {

  private SqlArguments() {}

  /**
   * The value of a constant string argument parsed by {@code parser}; an IllegalArgumentException, which the
   * functions report at analysis, for a column, a null or a value the parser refuses.
   */
  static <T> T constant(String function, Expression argument, int position, String noun,
      Function<String, T> parser) {
    String where = function + ": the " + noun + " (" + ordinal(position) + " argument)";
    if (!argument.foldable()) {
      throw new IllegalArgumentException(where + " must be a constant, such as a string literal, not "
          + argument.sql() + ": one " + noun + " applies to every row");
    }
    Object value = argument.eval(null);
    if (value == null) {
      throw new IllegalArgumentException(where + " must not be null");
    }
    try {
      return parser.apply(value.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /** Checks the number of arguments: {@code usage} is the function's signature for the message. */
  static void count(String function, int given, int least, int most, String usage) {
    if (given < least || given > most) {
      throw new IllegalArgumentException(function + " takes " + (least == most ? "" + least : least + " to " + most)
          + " arguments, " + usage + ", not " + given);
    }
  }

  static String ordinal(int position) {
    return switch (position) {
      case 1 -> "1st";
      case 2 -> "2nd";
      case 3 -> "3rd";
      default -> position + "th";
    };
  }
}
