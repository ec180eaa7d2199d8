package io.rowconv.spark;

/**
 * A problem the user can fix (a bad argument, a bad input schema, too many bad rows), as opposed to a
 * bug. Its message says what is wrong, where, and how to fix it; the command line prints it without a
 * stack trace and exits with the category's code. This is the one place user-facing errors are defined.
 */
public final class UserError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of user error; each maps to one documented exit code. */
  public enum Category {
    /** Bad command line or configuration. */
    USAGE,
    /** Missing input, or an input schema the job cannot process. */
    INPUT,
    /** More rejected rows than the configured limit allows. */
    REJECT_LIMIT
  }

  private final Category category;

  public UserError(Category category, String message) {
    super(message);
    this.category = category;
  }

  public UserError(Category category, String message, Throwable cause) {
    super(message, cause);
    this.category = category;
  }

  public Category category() {
    return category;
  }

  public static UserError usage(String message) {
    return new UserError(Category.USAGE, message);
  }

  public static UserError input(String message) {
    return new UserError(Category.INPUT, message);
  }
}
