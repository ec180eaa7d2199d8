package io.rowconv.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.spark.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {

  @TempDir
  Path dir;

  @Test
  void resolve_onlyRequiredOptions_usesDocumentedDefaults() {
    JobConfig config = JobConfig.resolve(Map.of("input", "in", "output", "out/"));
    assertThat(config.spec().mode()).isEqualTo(Mode.SAME);
    assertThat(config.spec().operation()).isEqualTo(Operation.CONVOLVE);
    assertThat(config.writeMode()).isEqualTo(JobConfig.WriteMode.ERROR);
    assertThat(config.spec().signalColumn()).isEqualTo("signal");
    assertThat(config.spec().tapsColumn()).isEqualTo("taps");
    assertThat(config.spec().outputColumn()).isEqualTo("result");
    assertThat(config.rejects()).isEqualTo("out_rejects");
    assertThat(config.rejectLimit()).isEqualTo(RejectLimit.UNLIMITED);
  }

  @Test
  void resolve_configFileThenCommandLine_commandLineWins() throws IOException {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "mode=full\nop=correlate\noutput-col=y\n");
    JobConfig config = JobConfig.resolve(Map.of("input", "in", "output", "out", "config", file.toString(),
        "mode", "valid"));
    assertThat(config.spec().mode()).isEqualTo(Mode.VALID);
    assertThat(config.spec().operation()).isEqualTo(Operation.CORRELATE);
    assertThat(config.spec().outputColumn()).isEqualTo("y");
  }

  /**
   * The shipped conf/rowconv.properties sets nothing that equals a built-in default, and its commented-out
   * lines state every built-in default as the code has it.
   */
  @Test
  void shippedConfFile_showsEveryBuiltInDefaultAndSetsNothingRedundant() throws IOException {
    Path shipped = Path.of("conf/rowconv.properties");
    Map<JobOption, String> shown = new java.util.EnumMap<>(JobOption.class);
    for (String line : Files.readAllLines(shipped)) {
      java.util.regex.Matcher commented = java.util.regex.Pattern.compile("^#\\s*([a-z-]+)=(.*)$").matcher(line);
      if (commented.matches() && JobOption.byKey(commented.group(1)) != null) {
        shown.put(JobOption.byKey(commented.group(1)), commented.group(2).trim());
      }
    }
    for (JobOption option : JobOption.values()) {
      if (option.defaultValue() != null) {
        assertThat(shown.get(option)).as("conf/rowconv.properties shows the default of " + option.key())
            .isEqualTo(option.defaultValue());
      } else {
        assertThat(shown).as(option.key() + " has no default to show").doesNotContainKey(option);
      }
    }
    Map<JobOption, String> set = JobConfig.readConfigFile(shipped);
    for (Map.Entry<JobOption, String> e : set.entrySet()) {
      assertThat(e.getValue()).as("conf/rowconv.properties sets " + e.getKey().key() + " to its default")
          .isNotEqualTo(e.getKey().defaultValue());
    }
    JobConfig config = JobConfig.resolve(Map.of("input", "in", "output", "out", "config", shipped.toString()));
    assertThat(config.spec().mode()).isEqualTo(Mode.SAME);
  }

  @Test
  void resolve_unknownKeyInConfigFile_namesKeyAndFile() throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "moed=full\n");
    assertThatThrownBy(() -> JobConfig.resolve(Map.of("input", "in", "output", "out", "config", file.toString())))
        .isInstanceOf(UserError.class)
        .hasMessage("unknown option 'moed' (config file " + file + "); run with --help for the list");
  }

  @Test
  void resolve_badMode_namesOptionValueAndChoices() {
    assertThatThrownBy(() -> JobConfig.resolve(Map.of("input", "in", "output", "out", "mode", "middle")))
        .isInstanceOf(UserError.class)
        .hasMessage("--mode: Unknown mode 'middle': expected one of full, same, valid, causal");
  }

  @Test
  void resolve_missingOutput_saysWhatIsRequired() {
    assertThatThrownBy(() -> JobConfig.resolve(Map.of("input", "in")))
        .hasMessage("--output PATH is required");
  }

  @Test
  void resolve_outputColumnEqualsSignal_isRefused() {
    assertThatThrownBy(() -> JobConfig.resolve(Map.of("input", "in", "output", "out", "output-col", "signal")))
        .hasMessage("output column 'signal' must differ from the signal and taps columns: choose another --output-col");
  }

  @Test
  void rejectLimit_parse_countFractionPercent() {
    assertThat(RejectLimit.parse("0").exceeded(1, 100)).isTrue();
    assertThat(RejectLimit.parse("0").exceeded(0, 100)).isFalse();
    assertThat(RejectLimit.parse("5").exceeded(5, 100)).isFalse();
    assertThat(RejectLimit.parse("0.01").exceeded(2, 100)).isTrue();
    assertThat(RejectLimit.parse("0.01").exceeded(1, 100)).isFalse();
    assertThat(RejectLimit.parse("10%").exceeded(11, 100)).isTrue();
    assertThatThrownBy(() -> RejectLimit.parse("-1"))
        .hasMessage("--max-rejects '-1' is not valid: expected 'unlimited', a count >= 0 (0 = strict), "
            + "a fraction in [0, 1) or a percentage like 1%");
  }

  @Test
  void commandLine_parse_formsAndErrors() {
    CommandLine cl = CommandLine.parse(new String[] {"--input", "a", "--mode=full", "--force"});
    assertThat(cl.command()).isEqualTo("run");
    assertThat(cl.options()).containsEntry("input", "a").containsEntry("mode", "full").containsEntry("force", "true");
    assertThat(CommandLine.parse(new String[] {"generate", "--help"}).help()).isTrue();
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--mode", "same", "--mode", "full"}))
        .hasMessage("option --mode is given twice");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"convolve"}))
        .hasMessage("unknown command 'convolve': expected one of [run, generate, example, help] "
            + "(or options only, which means run); try --help");
  }

  @Test
  void helpText_listsEveryOptionAndExitCode() {
    String help = HelpText.render();
    for (JobOption option : JobOption.values()) {
      assertThat(help).contains("--" + option.key());
    }
    for (ExitCode code : ExitCode.values()) {
      assertThat(help).contains("  " + code.code() + "  " + code.meaning());
    }
  }
}
