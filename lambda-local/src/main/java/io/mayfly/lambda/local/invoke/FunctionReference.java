package io.mayfly.lambda.local.invoke;

import org.jspecify.annotations.Nullable;

/**
 * A function as the Invoke API names it: {@code name}, {@code name:qualifier},
 * {@code account:function:name[:qualifier]} or a full ARN; a {@code Qualifier} query parameter
 * may name the version instead. Only {@code $LATEST} exists here: no versions or aliases.
 *
 * @param qualifier null when none was given
 */
public record FunctionReference(String name, @Nullable String qualifier) {

    public boolean latest() {
        return qualifier == null || qualifier.equals("$LATEST");
    }

    /** @return null when {@code raw} is not a function name in any of the accepted forms */
    public static @Nullable FunctionReference parse(String raw, @Nullable String queryQualifier) {
        String[] parts = raw.split(":", -1);
        String name;
        String qualifier = null;
        if (parts[0].equals("arn")) {
            // arn:aws:lambda:region:account:function:name[:qualifier]
            if (parts.length < 7 || parts.length > 8 || !parts[2].equals("lambda") || !parts[5].equals("function")) {
                return null;
            }
            name = parts[6];
            qualifier = parts.length == 8 ? parts[7] : null;
        } else if (parts.length >= 3 && parts[1].equals("function")) {
            if (parts.length > 4) {
                return null;
            }
            name = parts[2];
            qualifier = parts.length == 4 ? parts[3] : null;
        } else if (parts.length <= 2) {
            name = parts[0];
            qualifier = parts.length == 2 ? parts[1] : null;
        } else {
            return null;
        }
        if (name.isEmpty()) {
            return null;
        }
        if (queryQualifier != null && !queryQualifier.isEmpty()) {
            if (qualifier != null && !qualifier.equals(queryQualifier)) {
                return null;
            }
            qualifier = queryQualifier;
        }
        return new FunctionReference(name, qualifier);
    }
}
