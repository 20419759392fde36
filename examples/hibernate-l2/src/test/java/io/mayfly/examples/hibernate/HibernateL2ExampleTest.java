package io.mayfly.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.examples.hibernate.HibernateL2Example.Step;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HibernateL2ExampleTest {

    @Test
    void secondLoadsComeFromMayflyWithNoSql() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Step> steps = HibernateL2Example.report(new PrintStream(printed, true, StandardCharsets.UTF_8));

        Step firstLoad = steps.get(0);
        Step secondLoad = steps.get(1);
        assertThat(firstLoad.sqlStatements()).isPositive();
        assertThat(secondLoad.sqlStatements()).isZero();
        assertThat(secondLoad.secondLevelHits()).isPositive();
        assertThat(secondLoad.result()).isEqualTo(firstLoad.result()).isEqualTo("13 moons");

        assertThat(steps.get(2).sqlStatements()).as("natural id").isZero();
        assertThat(steps.get(3).sqlStatements()).as("query, first time").isPositive();
        assertThat(steps.get(4).sqlStatements()).as("query, second time").isZero();
        assertThat(steps.get(6).result()).as("Jupiter after the update").isEqualTo("317.9 Earths");
        assertThat(steps.get(7).sqlStatements())
                .as("query after the update runs again")
                .isPositive();

        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("load them again, in a new session     0 SQL");
    }
}
