package archiver.web;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page's advice is the README's Troubleshooting table, word for word. */
class OperatorAdviceTest {

  @Test
  void everyErrorTypesAdviceIsTheReadmesWhatToDo() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String troubleshooting = readme.substring(readme.indexOf("## Troubleshooting"));
    Pattern row = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\| .*? \\|(.*?)\\|$");
    Map<String, String> readmeAdvice = new HashMap<>();
    Matcher m = row.matcher(troubleshooting);
    while (m.find()) {
      readmeAdvice.putIfAbsent(m.group(1), m.group(2).replace("`", "").strip());
    }

    for (ErrorType type : ErrorType.values()) {
      assertThat(readmeAdvice)
          .as("README's Troubleshooting has a row for %s", type)
          .containsKey(type.name());
      assertThat(OperatorAdvice.forType(type))
          .as("OperatorAdvice for %s matches the README (update one after the other)", type)
          .isEqualTo(readmeAdvice.get(type.name()));
    }
  }
}
