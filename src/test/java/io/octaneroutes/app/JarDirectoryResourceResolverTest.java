package io.octaneroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.scan.DefaultPackageScanResourceResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The central-directory scanner finds exactly what Camel's own finds, in a jar and out of one. */
class JarDirectoryResourceResolverTest {
    @TempDir
    Path dir;

    /** Camel's resolver with its jar listing callable from here. */
    static final class CamelDefault extends DefaultPackageScanResourceResolver {
        List<String> list(String packageName, InputStream stream, String urlPath, Predicate<String> filter) {
            return doLoadImplementationsInJar(packageName, stream, urlPath, filter);
        }
    }

    private Path jar() throws Exception {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("routes/", "routes/a.camel.yaml", "routes/b.camel.yaml", "routes/sub/", "routes/sub/c.camel.yaml",
                    "routes/Helper.class", "routes/notes.txt", "other/d.camel.yaml", "routesx/e.camel.yaml", "a.camel.yaml")) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write(("# " + name + "\n").getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void listsTheEntriesCamelsOwnListsWithAndWithoutAFilter() throws Exception {
        Path jar = jar();
        CamelDefault camel = new CamelDefault();
        JarDirectoryResourceResolver ours = new JarDirectoryResourceResolver();
        Predicate<String> yaml = n -> n.endsWith(".camel.yaml");
        for (String prefix : List.of("routes/", "routes/sub/", "other/", "", "missing/")) {
            for (Predicate<String> filter : java.util.Arrays.<Predicate<String>>asList(null, yaml)) {
                List<String> expected = camel.list(prefix, Files.newInputStream(jar), jar.toString(), filter);
                List<String> actual = ours.doLoadImplementationsInJar(prefix, Files.newInputStream(jar), jar.toString(), filter);
                assertThat(actual).as(prefix + " filter " + (filter == null ? "none" : "yaml")).isEqualTo(expected);
            }
        }
        // the default leaves .class files out without a filter, keeps other resources
        assertThat(ours.doLoadImplementationsInJar("routes/", Files.newInputStream(jar), jar.toString(), null)).containsExactly("routes/a.camel.yaml", "routes/b.camel.yaml", "routes/sub/c.camel.yaml", "routes/notes.txt");
    }

    @Test
    void aPathThatIsNoLocalFileIsLeftToCamelsOwnReading() throws Exception {
        Path jar = jar();
        JarDirectoryResourceResolver ours = new JarDirectoryResourceResolver();
        // what Camel's default reads from the stream when the path names no file
        List<String> fromStream = ours.doLoadImplementationsInJar("routes/", Files.newInputStream(jar), dir.resolve("gone.jar").toString(), null);
        assertThat(fromStream).containsExactly("routes/a.camel.yaml", "routes/b.camel.yaml", "routes/sub/c.camel.yaml", "routes/notes.txt");
        // and a file that is no jar: the default's own reading (which finds nothing in it)
        Path notAJar = Files.writeString(dir.resolve("not.jar"), "plain text");
        assertThat(ours.doLoadImplementationsInJar("routes/", new ByteArrayInputStream(new byte[0]), notAJar.toString(), null)).isEmpty();
    }

    @Test
    void findsTheRouteFilesOfAPatternOnTheClasspathAsCamelDoes() throws Exception {
        Path jar = jar();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<String> camel = locations(new DefaultPackageScanResourceResolver(), loader);
            List<String> ours = locations(new JarDirectoryResourceResolver(), loader);
            // the scan also sees this build's own routes/ (the test's class path): the same for both
            assertThat(ours).isEqualTo(camel);
            // from the jar: the two files directly under routes/ ("*" is one level, as in Camel)
            assertThat(ours.stream().filter(l -> l.contains(jar.getFileName() + "!")))
                    .containsExactly("file:" + jar + "!/routes/a.camel.yaml", "file:" + jar + "!/routes/b.camel.yaml");
        }
    }

    @Test
    void theApplicationsMainUsesIt() throws Exception {
        org.apache.camel.main.Main main = Application.createMain();
        java.lang.reflect.Method create = main.getClass().getDeclaredMethod("createCamelContext");
        create.setAccessible(true);
        CamelContext context = (CamelContext) create.invoke(main);
        assertThat(context.getCamelContextExtension().getContextPlugin(PackageScanResourceResolver.class))
                .isInstanceOf(JarDirectoryResourceResolver.class);
    }

    private static List<String> locations(DefaultPackageScanResourceResolver resolver, ClassLoader loader) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.setApplicationContextClassLoader(loader);
        resolver.setCamelContext(context);
        resolver.addClassLoader(loader);
        Collection<Resource> found = resolver.findResources("classpath:routes/*.camel.yaml");
        return found.stream().map(Resource::getLocation).sorted().toList();
    }
}
