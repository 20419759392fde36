package io.mayfly.lambda.local.instance;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * Calls an in-process handler: a {@link RequestStreamHandler}, or {@code pkg.Class::method} taking
 * {@code (InputStream, OutputStream[, Context])}. POJO {@code RequestHandler}s need the runtime's
 * JSON serialization and run in process mode only; asking for one in-process fails init clearly.
 */
final class StreamHandlerInvoker {
    private final @Nullable Object target;
    private final Method method;
    private final boolean takesContext;

    private StreamHandlerInvoker(@Nullable Object target, Method method, boolean takesContext) {
        this.target = target;
        this.method = method;
        this.takesContext = takesContext;
    }

    /** The init phase: loads the class (running its static initialisers) and makes the handler object. */
    static StreamHandlerInvoker load(String handler, ClassLoader loader) throws ReflectiveOperationException {
        int sep = handler.indexOf("::");
        String className = sep < 0 ? handler : handler.substring(0, sep);
        String methodName = sep < 0 ? "handleRequest" : handler.substring(sep + 2);
        Class<?> type = Class.forName(className, true, loader);
        Method chosen = null;
        boolean withContext = false;
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(methodName)) {
                continue;
            }
            Class<?>[] p = m.getParameterTypes();
            if (p.length == 3 && p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == Context.class) {
                chosen = m;
                withContext = true;
                break;
            }
            if (p.length == 2 && p[0] == InputStream.class && p[1] == OutputStream.class) {
                chosen = m;
            }
        }
        if (chosen == null) {
            throw new NoSuchMethodException(
                    "handler " + handler + ": in-process instances run a RequestStreamHandler"
                            + " or a public method (InputStream, OutputStream[, Context]); run POJO RequestHandlers in PROCESS mode");
        }
        Object target = null;
        if (!Modifier.isStatic(chosen.getModifiers())) {
            target = type.getDeclaredConstructor().newInstance();
        }
        return new StreamHandlerInvoker(target, chosen, withContext);
    }

    /** The handler object, or null for a static method. */
    @Nullable
    Object target() {
        return target;
    }

    void invoke(InputStream in, OutputStream out, Context context) throws Throwable {
        try {
            if (takesContext) {
                method.invoke(target, in, out, context);
            } else {
                method.invoke(target, in, out);
            }
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
