package doorstep.intake.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/** A printed form parsed with jsoup, read by its {@code data-field} names. */
final class FormHtml {

    final String html;
    final Document doc;

    FormHtml(String html) {
        this.html = html;
        this.doc = Jsoup.parse(html);
    }

    /** The text of the one element named {@code field} under {@code scope}. */
    static String field(Element scope, String field) {
        Elements found = scope.select("[data-field=" + field + "]");
        assertThat(found).as("elements data-field=" + field).hasSize(1);
        return found.first().text();
    }

    String field(String field) {
        return field(doc, field);
    }

    Element one(String field) {
        Elements found = doc.select("[data-field=" + field + "]");
        assertThat(found).as("elements data-field=" + field).hasSize(1);
        return found.first();
    }

    Elements all(String field) {
        return doc.select("[data-field=" + field + "]");
    }

    /** The texts of {@code field} in each element named {@code row}, in order. */
    List<String> column(String row, String field) {
        return all(row).stream().map(r -> field(r, field)).toList();
    }

    boolean has(String field) {
        return !all(field).isEmpty();
    }
}
