package io.mayfly.lambda.local.instance;

/**
 * The parent of every in-process instance's class loader: it shows the Lambda API
 * ({@code com.amazonaws.services.lambda.runtime.*}, so that {@code Context} and the handler
 * interfaces are the same classes on both sides), the SLF4J API and the platform, and nothing else.
 * Everything else the function uses is loaded again per instance, as in a JVM of its own.
 *
 * <p>SLF4J comes from the host so in-process functions log through the application's logging
 * (where a real function's logs would go to its own log stream) instead of each instance finding
 * no provider in its own loader and printing SLF4J's warning once per instance.
 */
final class LambdaApiClassLoader extends ClassLoader {
    private static final String API = "com.amazonaws.services.lambda.runtime.";
    // The runtime interface client and serialization live under the API's package but are not API.
    private static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.";
    private static final String SERIALIZATION = "com.amazonaws.services.lambda.runtime.serialization.";
    private static final String SLF4J = "org.slf4j.";

    private final ClassLoader apiSource;

    LambdaApiClassLoader(ClassLoader apiSource) {
        super("lambda-api", ClassLoader.getPlatformClassLoader());
        this.apiSource = apiSource;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.startsWith(API) && !name.startsWith(RUNTIME_CLIENT) && !name.startsWith(SERIALIZATION)) {
            return apiSource.loadClass(name);
        }
        if (name.startsWith(SLF4J)) {
            return apiSource.loadClass(name);
        }
        throw new ClassNotFoundException(name);
    }
}
