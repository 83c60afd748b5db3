package doorstep.dispatch.domain;

import java.util.ArrayList;
import java.util.List;

import doorstep.platform.domain.Nullable;

/**
 * What the technician confirms at completion and the owner signs under: 三到位 (服务到位 … 清理现场,
 * 调试演示, 交代使用) and step 7's 交代注意事项. A completion that skips one says why.
 *
 * @param siteCleaned           the work site was cleaned up (清理现场)
 * @param testedAndDemonstrated the work was tested and shown working to the owner (调试演示)
 * @param useExplained          the use was explained and the precautions told (交代使用及注意事项)
 * @param skippedReason         why one was not done; required then, dropped when all were done
 */
public record CompletionChecks(boolean siteCleaned, boolean testedAndDemonstrated, boolean useExplained,
                               @Nullable String skippedReason) {

    public boolean allDone() {
        return siteCleaned && testedAndDemonstrated && useExplained;
    }

    /** The names of the checks not done, e.g. {@code [siteCleaned]}. */
    public List<String> skipped() {
        List<String> skipped = new ArrayList<>();
        if (!siteCleaned) {
            skipped.add("siteCleaned");
        }
        if (!testedAndDemonstrated) {
            skipped.add("testedAndDemonstrated");
        }
        if (!useExplained) {
            skipped.add("useExplained");
        }
        return skipped;
    }

    /** The reason stripped, and none when nothing was skipped. */
    CompletionChecks normalised() {
        return new CompletionChecks(siteCleaned, testedAndDemonstrated, useExplained,
                allDone() || skippedReason == null ? null : skippedReason.strip());
    }
}
