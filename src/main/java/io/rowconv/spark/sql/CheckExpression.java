package io.rowconv.spark.sql;

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
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.ImplicitCastInputTypes;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code rowconv_check(x, h [, mode [, op]])}: null for a row the job would convolve with its defaults
 * ({@code --non-finite reject}, {@code --max-length} 50,000,000, double precision), else the job's reject reason
 * and message as {@code struct<reason: string, message: string>}, so that a query splits good and bad rows
 * exactly as the job does: {@code WHERE rowconv_check(x, h) IS NULL}. Mode and op (default {@code same},
 * {@code convolve}) matter only for {@code non_finite_result}, the rows whose result overflows; such rows (with
 * values near the largest double) are computed to tell. Messages name the arguments as the query does.
 */
public final class CheckExpression extends Expression
    implements ImplicitCastInputTypes, CodegenFallback, java.io.Serializable {

  private static final long serialVersionUID = 1L;
  static final String NAME = "rowconv_check";
  static final String NAME_2D = "rowconv_check2d";
  static final StructType RESULT = new StructType()
      .add("reason", DataTypes.StringType, false)
      .add("message", DataTypes.StringType, false);
  private static final String USAGE = "(x, h [, mode [, op]])";
  private static final String USAGE_2D = "(x, h [, mode [, boundary [, fillvalue [, op]]]])";

  private final Seq<Expression> arguments;
  /** The signal's and the taps' names as the query wrote them, for messages (taken before Spark binds them). */
  private final List<String> names;
  /** 2-D rows (images and kernels, rowconv_check2d) rather than 1-D. */
  private final boolean image;
  private transient ThreadLocal<RowWork> steps;
  private transient RowStep.Setup setup;

  public CheckExpression(Seq<Expression> arguments, List<String> names, boolean image) {
    this.arguments = arguments;
    this.names = List.copyOf(names);
    this.image = image;
  }

  /** The function as the query calls it: the operands named after the arguments as written. */
  static CheckExpression of(Seq<Expression> arguments, boolean image) {
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < Math.min(2, arguments.size()); i++) {
      Expression argument = arguments.apply(i);
      while (argument instanceof Cast cast) {
        argument = cast.child();
      }
      names.add(argument instanceof org.apache.spark.sql.catalyst.expressions.NamedExpression named
          ? named.name() : argument.sql());
    }
    return new CheckExpression(arguments, names, image);
  }

  @Override
  public Seq<Expression> children() {
    return arguments;
  }

  @Override
  public String prettyName() {
    return image ? NAME_2D : NAME;
  }

  @Override
  public DataType dataType() {
    return RESULT;
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public Seq<AbstractDataType> inputTypes() {
    List<AbstractDataType> types = new java.util.ArrayList<>();
    DataType values = DataTypes.createArrayType(DataTypes.DoubleType);
    for (int i = 0; i < arguments.size(); i++) {
      if (i < 2) {
        types.add(image || (i == 1 && bank()) ? DataTypes.createArrayType(values) : values);
      } else {
        types.add(image && i == 4 ? DataTypes.DoubleType : DataTypes.StringType);
      }
    }
    return CollectionConverters.asScala(types).toList();
  }

  @Override
  public TypeCheckResult checkInputDataTypes() {
    try {
      SqlArguments.count(prettyName(), arguments.size(), 2, image ? 6 : 4, image ? USAGE_2D : USAGE);
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
    if (steps == null) {
      RowStep.Setup resolved = setup();
      steps = ThreadLocal.withInitial(() -> RowWork.of(resolved, null));
    }
    RowWork step = steps.get();
    RowReject reject = step.prepare((ArrayData) arguments.apply(0).eval(input),
        (ArrayData) arguments.apply(1).eval(input));
    if (reject == null && step.resultDecidesReject()) {
      reject = step.compute(false);
    }
    return reject == null ? null : new GenericInternalRow(new Object[] {
        UTF8String.fromString(reject.reason().code()), UTF8String.fromString(reject.message())});
  }

  private RowStep.Setup setup() {
    if (setup == null) {
      String name = prettyName();
      SqlArguments.count(name, arguments.size(), 2, image ? 6 : 4, image ? USAGE_2D : USAGE);
      Mode mode = arguments.size() > 2
          ? SqlArguments.constant(name, arguments.apply(2), 3, "mode", Mode::parse) : ConvolutionSpec.MODE_DEFAULT;
      int opAt = image ? 5 : 3;
      Operation op = arguments.size() > opAt
          ? SqlArguments.constant(name, arguments.apply(opAt), opAt + 1, "op", Operation::parse)
          : ConvolutionSpec.OPERATION_DEFAULT;
      if (image) {
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
        setup = RowStep.Setup.image(op, mode, boundary, fill, ConvolutionSpec.METHOD_DEFAULT, true,
            ConvolutionSpec.MAX_LENGTH_DEFAULT, operand(0), operand(1), true);
      } else {
        setup = RowStep.Setup.of(op, mode, ConvolutionSpec.METHOD_DEFAULT, false, true,
            ConvolutionSpec.MAX_LENGTH_DEFAULT, operand(0), operand(1), bank(), true);
      }
    }
    return setup;
  }

  /** Whether h is a bank of filters (an array of arrays) of 1-D rows. */
  private boolean bank() {
    return !image && arguments.size() > 1 && arguments.apply(1).resolved()
        && arguments.apply(1).dataType() instanceof ArrayType array && array.elementType() instanceof ArrayType;
  }

  /** The operand as the job would name it: the argument as the query wrote it (its column's name, say). */
  private RowStep.Operand operand(int ordinal) {
    DataType type = arguments.apply(ordinal).dataType();
    if (type instanceof ArrayType outer && outer.elementType() instanceof ArrayType inner) {
      type = inner; // a bank: its filters' own nulls
    }
    boolean mayHoldNulls = !(type instanceof ArrayType array) || array.containsNull();
    return new RowStep.Operand(names.get(ordinal), mayHoldNulls, true);
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    return CodegenFallback.super.doGenCode(ctx, ev);
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return new CheckExpression(newChildren.toList(), names, image);
  }

  @Override
  public int productArity() {
    return 3;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> arguments;
      case 1 -> names;
      case 2 -> image;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof CheckExpression;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CheckExpression that && arguments.equals(that.arguments) && names.equals(that.names)
        && image == that.image;
  }

  @Override
  public int hashCode() {
    return Objects.hash(NAME, arguments, names, image);
  }
}
