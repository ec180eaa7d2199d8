package io.rowconv.spark.sql;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.spark.ConvolutionSpec;
import io.rowconv.spark.RowReject;
import io.rowconv.spark.RowStep;
import io.rowconv.spark.RowWork;
import io.rowconv.kernel.twod.Boundary;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ImplicitCastInputTypes;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code rowconv_convolve(x, h [, mode [, method]])} and its kin ({@link SqlFunctions} names them): the signal
 * {@code x} convolved with (or correlated with) the taps {@code h}, as {@code scipy.signal.convolve} /
 * {@code correlate}, computed by the job's own per-row step ({@link RowStep}). The operands are cast to
 * {@code array<double>} ({@code array<float>} for the single-precision variants) by Spark's implicit casts;
 * mode and method must be constant strings, checked at analysis.
 *
 * <p>Null in, null out. A row the kernel cannot compute (an empty array, a null element, an array longer than
 * {@link ConvolutionSpec#MAX_LENGTH_DEFAULT}) fails the query under ANSI mode, with a message naming the
 * function, the argument and the problem, as Spark's own array functions fail on bad input there, and gives null
 * otherwise. NaN and +-Inf propagate as in {@code scipy.signal.convolve(..., method='direct')}; a result that
 * overflows holds +-Inf, as Spark's double arithmetic does in either mode ({@code rowconv_check} tells which
 * rows the job would reject).
 *
 * <p>Evaluated row by row ({@link CodegenFallback}): the work of a row is thousands of multiply-adds. The
 * per-row step, with its reused buffers, is made once per thread that evaluates the expression (a task); the
 * result is a new array per row (Spark may keep it), written by the kernel in place, without another copy.
 */
public final class ConvolveExpression extends Expression
    implements ImplicitCastInputTypes, CodegenFallback, java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final Operation operation;
  private final Kind kind;
  private final boolean failOnError;
  private final Seq<Expression> arguments;
  private transient ThreadLocal<RowWork> steps;
  private transient RowStep.Setup setup;

  /**
   * @param name the function's name, for messages and the column's name
   * @param kind 1-D in double or single precision, or 2-D
   * @param arguments x, h, then optionally mode and method (2-D: mode, boundary, fill value and method)
   * @param failOnError ANSI mode as it was when the query was analyzed
   */
  public ConvolveExpression(String name, Operation operation, Kind kind, boolean failOnError,
      Seq<Expression> arguments) {
    this.name = name;
    this.operation = operation;
    this.kind = kind;
    this.failOnError = failOnError;
    this.arguments = arguments;
  }

  @Override
  public Seq<Expression> children() {
    return arguments;
  }

  @Override
  public String prettyName() {
    return name;
  }

  /** What the function computes on. */
  public enum Kind {
    /** 1-D signals and taps (or banks of filters), in double precision. */
    SIGNAL("(x, h [, mode [, method]])", 4),
    /** 1-D signals and taps in single precision. */
    SIGNAL_F32("(x, h [, mode [, method]])", 4),
    /** 2-D images and kernels, as scipy.signal.convolve2d. */
    IMAGE("(x, h [, mode [, boundary [, fillvalue [, method]]]])", 6);

    final String usage;
    final int most;

    Kind(String usage, int most) {
      this.usage = usage;
      this.most = most;
    }
  }

  @Override
  public DataType dataType() {
    DataType values = DataTypes.createArrayType(kind == Kind.SIGNAL_F32 ? DataTypes.FloatType : DataTypes.DoubleType,
        false);
    return kind == Kind.IMAGE || bank() ? DataTypes.createArrayType(values, false) : values;
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public Seq<AbstractDataType> inputTypes() {
    DataType element = kind == Kind.SIGNAL_F32 ? DataTypes.FloatType : DataTypes.DoubleType;
    DataType nested = DataTypes.createArrayType(DataTypes.createArrayType(element));
    List<AbstractDataType> types = new java.util.ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      if (i < 2) {
        types.add(kind == Kind.IMAGE || (i == 1 && bank()) ? nested : DataTypes.createArrayType(element));
      } else {
        types.add(kind == Kind.IMAGE && i == 4 ? DataTypes.DoubleType : DataTypes.StringType);
      }
    }
    return CollectionConverters.asScala(types).toList();
  }

  @Override
  public TypeCheckResult checkInputDataTypes() {
    try {
      SqlArguments.count(name, arguments.size(), 2, kind.most, kind.usage);
    } catch (IllegalArgumentException e) {
      return new TypeCheckResult.TypeCheckFailure(e.getMessage());
    }
    TypeCheckResult types = ImplicitCastInputTypes.super.checkInputDataTypes();
    if (types.isFailure()) {
      return types;
    }
    try {
      setup();
    } catch (IllegalArgumentException e) {
      return new TypeCheckResult.TypeCheckFailure(e.getMessage());
    }
    return TypeCheckResult.TypeCheckSuccess$.MODULE$;
  }

  @Override
  public Object eval(InternalRow input) {
    Object x = arguments.apply(0).eval(input);
    Object h = arguments.apply(1).eval(input);
    if (x == null || h == null) {
      return null;
    }
    RowWork step = step();
    RowReject reject = step.prepare((ArrayData) x, (ArrayData) h);
    if (reject != null) {
      return refuse(reject);
    }
    step.compute(true); // a new array of its own for every row: Spark may keep the value
    return step.result();
  }

  /** Under ANSI mode a row the kernel cannot compute fails the query; otherwise it gives null. */
  private Object refuse(RowReject reject) {
    if (failOnError) {
      throw new IllegalArgumentException(name + ": " + reject.message() + " [" + reject.reason().code() + "; with "
          + "spark.sql.ansi.enabled=false such rows give null, and " + (kind == Kind.IMAGE ? "rowconv_check2d"
          : "rowconv_check") + "(x, h) finds them]");
    }
    return null;
  }

  private RowWork step() {
    if (steps == null) {
      RowStep.Setup resolved = setup();
      steps = ThreadLocal.withInitial(() -> RowWork.of(resolved, null));
    }
    return steps.get();
  }

  /** The per-row step's setup from the constant arguments; IllegalArgumentException naming a bad one. */
  private RowStep.Setup setup() {
    if (setup == null) {
      SqlArguments.count(name, arguments.size(), 2, kind.most, kind.usage);
      Mode mode = arguments.size() > 2
          ? SqlArguments.constant(name, arguments.apply(2), 3, "mode", Mode::parse) : ConvolutionSpec.MODE_DEFAULT;
      int methodAt = kind == Kind.IMAGE ? 5 : 3;
      Method method = arguments.size() > methodAt
          ? SqlArguments.constant(name, arguments.apply(methodAt), methodAt + 1, "method", Method::parse)
          : ConvolutionSpec.METHOD_DEFAULT;
      if (kind == Kind.IMAGE) {
        if (mode == Mode.CAUSAL) {
          throw new IllegalArgumentException(name + ": mode causal (lfilter's output) has no 2-D meaning: use "
              + "full, same or valid");
        }
        Boundary boundary = arguments.size() > 3
            ? SqlArguments.constant(name, arguments.apply(3), 4, "boundary", Boundary::parse)
            : ConvolutionSpec.BOUNDARY_DEFAULT;
        double fill = arguments.size() > 4
            ? SqlArguments.constant(name, arguments.apply(4), 5, "fill value", Double::parseDouble)
            : ConvolutionSpec.FILL_VALUE_DEFAULT;
        setup = RowStep.Setup.image(operation, mode, boundary, fill, method, false,
            ConvolutionSpec.MAX_LENGTH_DEFAULT, operand(0, "x, the image"), operand(1, "h, the kernel"), false);
      } else {
        setup = RowStep.Setup.of(operation, mode, method, kind == Kind.SIGNAL_F32, false,
            ConvolutionSpec.MAX_LENGTH_DEFAULT, operand(0, "x, the signal"), operand(1, "h, the taps"), bank(), false);
      }
    }
    return setup;
  }

  private RowStep.Operand operand(int ordinal, String what) {
    DataType type = arguments.apply(ordinal).dataType();
    if (type instanceof ArrayType outer && outer.elementType() instanceof ArrayType inner) {
      type = inner; // a bank: its filters' own nulls
    }
    boolean mayHoldNulls = !(type instanceof ArrayType array) || array.containsNull();
    return new RowStep.Operand(SqlArguments.ordinal(ordinal + 1) + " argument (" + what + ")", mayHoldNulls, true);
  }

  /** Whether h is a bank of filters (an array of arrays) of 1-D rows: one result per filter. */
  private boolean bank() {
    return kind != Kind.IMAGE && arguments.size() > 1 && arguments.apply(1).resolved()
        && arguments.apply(1).dataType() instanceof ArrayType array && array.elementType() instanceof ArrayType;
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    return CodegenFallback.super.doGenCode(ctx, ev);
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return new ConvolveExpression(name, operation, kind, failOnError, newChildren.toList());
  }

  @Override
  public int productArity() {
    return 5;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> name;
      case 1 -> operation;
      case 2 -> kind;
      case 3 -> failOnError;
      case 4 -> arguments;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof ConvolveExpression;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConvolveExpression that && name.equals(that.name) && operation == that.operation
        && kind == that.kind && failOnError == that.failOnError && arguments.equals(that.arguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, operation, kind, failOnError, arguments);
  }
}
