import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the Java trust store of the local base image (what ca-certificates-java's maintainer script
 * writes in a Debian system, which the image never runs): every certificate of a directory of PEM
 * files (Debian's {@code /usr/share/ca-certificates/mozilla}) as a trusted entry of a PKCS#12 store
 * with the JDK's customary password {@code changeit}. Run with the JDK's source launcher:
 * {@code java TrustStore.java <directory of .crt files> <cacerts to write>}; exits 1 when the
 * directory holds no certificate.
 */
public class TrustStore {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.toString().endsWith(".crt")).sorted().collect(Collectors.toList());
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                X509Certificate certificate = (X509Certificate) factory.generateCertificate(in);
                String name = file.getFileName().toString().replaceFirst("\\.crt$", "");
                store.setCertificateEntry("debian:" + name.toLowerCase(Locale.ROOT), certificate);
            }
        }
        if (store.size() == 0) {
            System.err.println("TrustStore: no certificate in " + dir);
            System.exit(1);
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            store.store(os, "changeit".toCharArray());
        }
        System.err.println("TrustStore: " + store.size() + " certificates written to " + out);
    }
}
