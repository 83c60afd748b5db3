package doorstep.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads values out of a Prometheus text scrape ({@code /q/metrics}), for tests of what a service reports. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * @param labels the first labels of the series as printed, e.g. {@code command="X.y",outcome="ok"}; empty for any
     * @return the sum of the values of every series of {@code name} whose labels start with {@code labels}; 0 if none
     */
    public static double value(String scrape, String name, String labels) {
        Pattern series = Pattern.compile("^" + Pattern.quote(name)
                + (labels.isEmpty() ? "(\\{[^}]*\\})?" : "\\{" + Pattern.quote(labels) + "[^}]*\\}")
                + " ([0-9.eE+-]+|NaN)( # .*)?$", Pattern.MULTILINE); // an exemplar may follow: # {span_id=…,trace_id=…} …
        Matcher m = series.matcher(scrape);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(m.groupCount() - 1));
        }
        return sum;
    }
}
