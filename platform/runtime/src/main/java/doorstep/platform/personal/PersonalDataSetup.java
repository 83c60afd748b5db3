package doorstep.platform.personal;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the service's key custodian (D48): {@code doorstep.personal-data.custodian=local} in the one
 * service that keeps the keys (intake-service, its {@link KeyTable}), the custodian's base URL in every
 * other service ({@code DOORSTEP_PERSONAL_DATA_CUSTODIAN}, with {@code DOORSTEP_PERSONAL_DATA_CUSTODIAN_TOKEN},
 * a bearer token with the role {@code doorstep-service}). No default: a service that is not told where its
 * keys are does not start.
 */
@ApplicationScoped
public class PersonalDataSetup {

    /** The value of {@code doorstep.personal-data.custodian} that makes this service the custodian. */
    public static final String LOCAL = "local";

    @ConfigProperty(name = "doorstep.personal-data.custodian")
    String custodian;
    @ConfigProperty(name = "doorstep.personal-data.custodian-token")
    Optional<String> token;
    @ConfigProperty(name = "doorstep.personal-data.key-cache-ttl", defaultValue = "PT10M")
    Duration cacheTtl;
    @ConfigProperty(name = "doorstep.personal-data.key-cache-size", defaultValue = "100000")
    long cacheSize;
    @Inject
    KeyTable table;

    @Produces
    @Singleton
    PersonalDataCipher cipher() {
        return new PersonalDataCipher(keys(), cacheTtl, cacheSize);
    }

    /** Whether this service is the key custodian ({@code doorstep.personal-data.custodian=local}). */
    public boolean isCustodian() {
        return LOCAL.equals(custodian.strip());
    }

    private DataKeys keys() {
        if (isCustodian()) {
            return table;
        }
        URI base = URI.create(custodian.strip());
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalStateException("doorstep.personal-data.custodian must be 'local' or the custodian's http(s) URL, not "
                    + custodian);
        }
        String bearer = token.filter(t -> !t.isBlank()).orElseThrow(() -> new IllegalStateException(
                "doorstep.personal-data.custodian-token (DOORSTEP_PERSONAL_DATA_CUSTODIAN_TOKEN) is required with a remote custodian"));
        return new CustodianClient(base, bearer.strip());
    }
}
