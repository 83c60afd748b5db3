package doorstep.intake.forms;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.Variant;

/**
 * The forms' Qute engine, standalone (no CDI): templates read from the classpath under {@code templates/} (where
 * the quarkus-qute extension also finds them and checks their typed expressions at build time), every value
 * HTML-escaped ({@link HtmlEscaper} for {@code text/html}), a missing property an error (strict rendering).
 */
final class FormTemplates {

    private static final Variant HTML = new Variant(Locale.SIMPLIFIED_CHINESE, StandardCharsets.UTF_8, Variant.TEXT_HTML);

    private static final Engine ENGINE = Engine.builder()
            .addDefaults()
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .addLocator(FormTemplates::locate)
            .strictRendering(true)
            .removeStandaloneLines(true)
            .build();

    private FormTemplates() {
    }

    /** Renders {@code templates/<id>.html} with {@code data} bound to {@code name}. */
    static String render(String id, String name, Object data) {
        io.quarkus.qute.Template template = ENGINE.getTemplate(id);
        if (template == null) {
            throw new IllegalStateException("no template " + id + " on the classpath");
        }
        return template.data(name, data).render();
    }

    private static Optional<TemplateLocator.TemplateLocation> locate(String id) {
        String path = "templates/" + (id.endsWith(".html") ? id : id + ".html");
        ClassLoader loader = FormTemplates.class.getClassLoader();
        if (loader.getResource(path) == null) {
            return Optional.empty();
        }
        return Optional.of(new TemplateLocator.TemplateLocation() {
            @Override
            public Reader read() {
                InputStream in = loader.getResourceAsStream(path);
                return new InputStreamReader(in, StandardCharsets.UTF_8);
            }

            @Override
            public Optional<Variant> getVariant() {
                return Optional.of(HTML);
            }
        });
    }
}
