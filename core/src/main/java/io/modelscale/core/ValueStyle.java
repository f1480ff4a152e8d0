package io.modelscale.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The project's one Immutables style, put on every record that gets a generated builder and {@code with…} methods.
 * Generated code uses only the JDK, so the annotation processor is a compile-time concern of this project alone.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(jdkOnly = true, visibility = Value.Style.ImplementationVisibility.PUBLIC)
public @interface ValueStyle {
}
