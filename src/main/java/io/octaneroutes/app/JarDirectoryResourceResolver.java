package io.octaneroutes.app;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.camel.support.scan.DefaultPackageScanResourceResolver;

/**
 * Camel's resource scanner, listing a jar from its central directory instead of reading it
 * through.
 *
 * <p>Why our own: {@code camel.main.routesIncludePattern = classpath:routes/*.camel.yaml} is a
 * pattern, so camel-main 4.18 scans the classpath for it, twice per start (once for modelines,
 * once to load the routes). For a jar, {@link DefaultPackageScanResourceResolver} walks a
 * {@link java.util.jar.JarInputStream}, which inflates every entry to reach the next one: for
 * the shaded {@code octane-routes.jar} (46,000 entries, 167 MB inflated) that was 1.6 s of every
 * start-up (BENCHMARKS.md section 4). {@link JarFile} reads the names from the jar's central
 * directory without inflating anything. The entries chosen are exactly the default's (same
 * filter, same prefix test: {@code JarDirectoryResourceResolverTest} compares the two); when
 * the path is not a readable local jar file, the default does the work.
 */
final class JarDirectoryResourceResolver extends DefaultPackageScanResourceResolver {
    private static final Logger LOG = LoggerFactory.getLogger(JarDirectoryResourceResolver.class);

    @Override
    protected List<String> doLoadImplementationsInJar(String packageName, InputStream stream, String urlPath, Predicate<String> filter) {
        File file = urlPath == null ? null : new File(urlPath);
        if (file == null || !file.isFile()) {
            return super.doLoadImplementationsInJar(packageName, stream, urlPath, filter);
        }
        List<String> entries = new ArrayList<>();
        try (JarFile jar = new JarFile(file, false)) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                String name = entry.getName().trim();
                if (entry.isDirectory()) {
                    continue;
                }
                boolean wanted = filter != null ? filter.test(name) : !name.endsWith(".class");
                if (wanted && name.startsWith(packageName)) {
                    entries.add(name);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {} from its central directory ({}): reading it through", urlPath, e.toString());
            return super.doLoadImplementationsInJar(packageName, stream, urlPath, filter);
        }
        return entries;
    }

}
