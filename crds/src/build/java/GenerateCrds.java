import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generates the CRDs of every custom resource class compiled into {@code args[0]} (the module's
 * classes) into {@code args[1]}, with Fabric8's CRD generator, as its Maven plugin would, with one
 * difference: the additionalPrinterColumns keep the order in which the class declares its
 * {@code @AdditionalPrinterColumn}s. Fabric8 sorts them by JSON path (which puts AGE, {@code
 * .metadata.creationTimestamp}, before every status column) and has no option for the order; its
 * post-processor hook reorders them here. Run by the build (crds/pom.xml) with Java's source-file
 * launcher, so that no build tool ships in the API jar.
 */
public class GenerateCrds {
  public static void main(String[] args) throws Exception {
    Path classes = Path.of(args[0]);
    File output = new File(args[1]);
    Files.createDirectories(
        output.toPath()); // the generator writes only into an existing directory
    List<Class<? extends HasMetadata>> resources = customResources(classes);
    if (resources.isEmpty()) {
      throw new IllegalStateException("no custom resource class under " + classes);
    }
    // Column names in declaration order, per CRD name (plural.group).
    Map<String, List<String>> declared = new HashMap<>();
    for (Class<? extends HasMetadata> type : resources) {
      declared.put(
          HasMetadata.getFullResourceName(type),
          Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::name)
              .toList());
    }
    CRDPostProcessor inDeclarationOrder =
        new CRDPostProcessor() {
          @Override
          public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            if (crd instanceof CustomResourceDefinition definition) {
              List<String> order = declared.getOrDefault(crd.getMetadata().getName(), List.of());
              for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
                List<CustomResourceColumnDefinition> columns =
                    new ArrayList<>(version.getAdditionalPrinterColumns());
                columns.sort(
                    Comparator.comparingInt(
                        c ->
                            order.contains(c.getName())
                                ? order.indexOf(c.getName())
                                : order.size()));
                version.setAdditionalPrinterColumns(columns);
              }
            }
            return crd;
          }
        };
    int generated =
        new CRDGenerator()
            .inOutputDir(output)
            .forCRDVersions("v1")
            .withPostProcessor(inDeclarationOrder)
            .customResourceClasses(resources)
            .generate();
    System.out.println("generated " + generated + " CRDs into " + output);
  }

  /** The concrete CustomResource subclasses among the compiled classes. */
  @SuppressWarnings("unchecked")
  private static List<Class<? extends HasMetadata>> customResources(Path classes)
      throws IOException, ClassNotFoundException {
    List<Class<? extends HasMetadata>> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String relative = classes.relativize(file).toString();
        if (relative.contains("$") || relative.startsWith("META-INF")) {
          continue;
        }
        String name = relative.substring(0, relative.length() - ".class".length());
        Class<?> type = Class.forName(name.replace(File.separatorChar, '.'));
        if (CustomResource.class.isAssignableFrom(type)
            && !Modifier.isAbstract(type.getModifiers())) {
          found.add((Class<? extends HasMetadata>) type);
        }
      }
    }
    return found;
  }
}
