package archiver.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page templates ({@code src/main/resources/web/*.mustache}). Mustache writes every {@code
 * {{value}}} HTML-escaped, quotes included, so a title or a URL from a hostile site stays text; the
 * templates never use the unescaped forms ({@code TemplatesTest} checks).
 */
final class Templates {

  private final DefaultMustacheFactory factory = new DefaultMustacheFactory("web");
  private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();

  String render(String name, Object scope) {
    Mustache template = compiled.computeIfAbsent(name, n -> factory.compile(n + ".mustache"));
    StringWriter out = new StringWriter();
    try {
      template.execute(out, scope).flush();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
