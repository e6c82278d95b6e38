package archiver.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the configuration: embedded defaults, then a YAML file, then {@code
 * ARCHIVER_<SECTION>_<KEY>} environment variables. Every problem becomes a {@link ConfigException}
 * whose message is one line naming the key.
 */
public final class ConfigLoader {

  public static final String CONFIG_VARIABLE = "ARCHIVER_CONFIG";

  /** Read by the {@code ./archiver} launcher (the JVM heap), not a configuration key. */
  public static final String HEAP_VARIABLE = "ARCHIVER_HEAP";

  private static final String ENV_PREFIX = "ARCHIVER_";

  /**
   * Keys that existed once, with why they went: an operator whose file still has one (copied from
   * an older config.example.yaml) is told to delete the line instead of just "unknown key".
   */
  private static final Map<String, String> REMOVED_KEYS =
      Map.of(
          "timeouts.stale_threshold_seconds",
          "no longer used: every job left RUNNING at start-up is recovered at once, and"
              + " timeouts.job_seconds stops a running one");

  private final ObjectMapper yaml;
  private final ObjectMapper binder;

  public ConfigLoader() {
    SimpleModule paths = new SimpleModule("plain-paths");
    // Jackson writes a Path as a file: URI; operators write plain paths, so keep them plain.
    paths.addSerializer(Path.class, new PathSerializer());
    paths.addDeserializer(Path.class, new PathDeserializer());
    this.yaml = new ObjectMapper(new YAMLFactory());
    this.binder =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(paths)
            .build();
  }

  /** What was loaded and from where (empty: the embedded defaults only). */
  public record Loaded(AppConfig config, Optional<Path> file) {}

  /**
   * Loads from {@code explicitFile} (the {@code --config} option) or else {@code $ARCHIVER_CONFIG},
   * else {@code config.yaml} in {@code workDir} if present, else the defaults.
   */
  public Loaded load(Optional<Path> explicitFile, Map<String, String> env, Path workDir) {
    Optional<Path> file = explicitFile;
    if (file.isEmpty() && env.get(CONFIG_VARIABLE) != null && !env.get(CONFIG_VARIABLE).isBlank()) {
      file = Optional.of(Path.of(env.get(CONFIG_VARIABLE).trim()));
    }
    if (file.isEmpty() && Files.isRegularFile(workDir.resolve("config.yaml"))) {
      file = Optional.of(workDir.resolve("config.yaml"));
    }
    ObjectNode tree = binder.valueToTree(AppConfig.defaults());
    if (file.isPresent()) {
      mergeInto(tree, readFile(file.get()), "");
    }
    applyEnvironment(tree, env);
    AppConfig config = bind(tree);
    new ConfigValidator().validate(config);
    return new Loaded(config, file);
  }

  /** The effective configuration as YAML, for operators (`doctor` prints where it came from). */
  public String toYaml(AppConfig config) {
    try {
      return yaml.writeValueAsString(binder.valueToTree(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config: file " + file + " does not exist or is not a file");
    }
    try {
      JsonNode node = yaml.readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException("config: " + file + " must be a YAML mapping of sections");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ConfigException(
          "config: " + file + " is not valid YAML" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("config: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Sections and mappings merge key by key; lists and scalars replace. */
  private static void mergeInto(ObjectNode target, JsonNode source, String path) {
    Iterator<Map.Entry<String, JsonNode>> fields = source.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      JsonNode existing = target.get(key);
      if (existing != null && existing.isObject() && value.isObject()) {
        mergeInto((ObjectNode) existing, value, path + key + ".");
      } else if (existing != null && existing.isObject() && value.isNull()) {
        // "telegram:" with nothing under it keeps the section's defaults.
        continue;
      } else {
        target.set(key, value);
      }
    }
  }

  private static void applyEnvironment(ObjectNode tree, Map<String, String> env) {
    Map<String, String> sorted = new TreeMap<>(env);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(ENV_PREFIX)
          || name.equals(CONFIG_VARIABLE)
          || name.equals(HEAP_VARIABLE)
          || name.equals(Secrets.WEB_TOKEN_VARIABLE)
          || name.equals(Secrets.STORAGE_PASSWORD_VARIABLE)) {
        continue;
      }
      String rest = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
      String section = sectionOf(tree, rest);
      if (section == null) {
        throw new ConfigException(
            "config: environment variable " + name + " names no configuration section");
      }
      JsonNode sectionNode = tree.get(section);
      if (!sectionNode.isObject()) {
        throw new ConfigException(
            "config: " + section + " cannot be set from the environment (" + name + ")");
      }
      String key = rest.substring(section.length() + 1);
      JsonNode current = sectionNode.get(key);
      if (current == null) {
        throw new ConfigException(
            "config: environment variable "
                + name
                + " names no key: "
                + section
                + "."
                + key
                + " is unknown"
                + removedKeyHint(section + "." + key));
      }
      ((ObjectNode) sectionNode).set(key, envValue(current, e.getValue(), section + "." + key));
    }
  }

  private static String sectionOf(ObjectNode tree, String rest) {
    Iterator<String> names = tree.fieldNames();
    while (names.hasNext()) {
      String section = names.next();
      if (rest.startsWith(section + "_") && rest.length() > section.length() + 1) {
        return section;
      }
    }
    return null;
  }

  /** The value's shape follows the default: lists are comma-separated, maps are K=V pairs. */
  private static JsonNode envValue(JsonNode shape, String raw, String key) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String value = raw.trim();
    if (shape.isArray()) {
      ArrayNode array = f.arrayNode();
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          array.add(scalar(part.trim()));
        }
      }
      return array;
    }
    if (shape.isObject()) {
      ObjectNode object = f.objectNode();
      for (String part : value.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        int eq = part.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException(
              "config: "
                  + key
                  + ": expected KEY=VALUE pairs separated by commas, got '"
                  + raw
                  + "'");
        }
        object.set(part.substring(0, eq).trim(), scalar(part.substring(eq + 1).trim()));
      }
      return object;
    }
    if (value.isEmpty() && shape.isNull()) {
      return f.nullNode();
    }
    return scalar(value);
  }

  /** Typed like YAML would type it, so the binder's strict scalar rules apply alike. */
  private static JsonNode scalar(String text) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (text.matches("-?\\d{1,18}")) {
      return f.numberNode(Long.parseLong(text));
    }
    if (text.matches("-?\\d+\\.\\d+")) {
      return f.numberNode(Double.parseDouble(text));
    }
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return f.booleanNode(Boolean.parseBoolean(text));
    }
    if (text.equalsIgnoreCase("null")) {
      return f.nullNode();
    }
    return f.textNode(text);
  }

  private AppConfig bind(ObjectNode tree) {
    try {
      return binder.treeToValue(tree, AppConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          "config: unknown key '" + pathOf(e) + "'" + removedKeyHint(pathOf(e)), e);
    } catch (JsonMappingException e) {
      throw new ConfigException("config: " + pathOf(e) + ": " + describe(e), e);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ConfigException("config: " + e.getMessage(), e);
    }
  }

  /** Why a removed key went, and to delete it; empty for a key that never existed. */
  private static String removedKeyHint(String key) {
    String why = REMOVED_KEYS.get(key);
    return why == null ? "" : " (" + why + "; delete it)";
  }

  private static String pathOf(JsonMappingException e) {
    List<String> parts = new ArrayList<>();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        parts.add(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        parts.add("[" + ref.getIndex() + "]");
      }
    }
    return String.join(".", parts).replace(".[", "[");
  }

  /** "expected a whole number, got 'many'" rather than Jackson's wording. */
  private static String describe(JsonMappingException e) {
    Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
    Object value = e instanceof InvalidFormatException f ? f.getValue() : null;
    if (value == null && e.getOriginalMessage() != null) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("value \\(\"([^\"]*)\"\\)")
              .matcher(e.getOriginalMessage());
      if (m.find()) {
        value = m.group(1);
      }
    }
    String got = value == null ? "" : ", got '" + value + "'";
    return "expected " + expectedKind(target) + got;
  }

  private static String expectedKind(Class<?> target) {
    if (target == null) {
      return "a valid value";
    }
    if (target.isEnum()) {
      return "one of " + java.util.Arrays.toString(target.getEnumConstants());
    }
    if (target == int.class
        || target == Integer.class
        || target == long.class
        || target == Long.class) {
      return "a whole number";
    }
    if (target == boolean.class || target == Boolean.class) {
      return "true or false";
    }
    if (target == String.class) {
      return "text";
    }
    if (target == Path.class) {
      return "a file path";
    }
    if (List.class.isAssignableFrom(target)) {
      return "a list like [a, b]";
    }
    if (Map.class.isAssignableFrom(target)) {
      return "a mapping like { KEY: value }";
    }
    return "a mapping of keys (section)";
  }

  private static final class PathSerializer extends JsonSerializer<Path> {
    @Override
    public void serialize(Path value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class PathDeserializer extends JsonDeserializer<Path> {
    @Override
    public Path deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      if (text == null || !p.currentToken().isScalarValue() || p.currentToken().isNumeric()) {
        return (Path) ctxt.handleUnexpectedToken(Path.class, p);
      }
      if (text.isBlank()) {
        return null;
      }
      return Path.of(text.trim());
    }
  }
}
