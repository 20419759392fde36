package io.mayfly.examples.hibernate;

import jakarta.persistence.SharedCacheMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.stat.Statistics;

/**
 * Planets and moons in H2, in Hibernate's second-level cache through Mayfly. Each step runs in a
 * new session and prints how many SQL statements it sent and how many second-level cache hits it
 * had: the first load goes to the database, the second comes from Mayfly with no SQL at all.
 *
 * <p>The only Mayfly-specific lines are the two cache settings in {@link #start()}.
 */
public final class HibernateL2Example {

    /** What one step did. */
    public record Step(String what, int sqlStatements, long secondLevelHits, String result) {

        @Override
        public String toString() {
            return String.format("%-36s %2d SQL, %3d cache hits  -> %s", what, sqlStatements, secondLevelHits, result);
        }
    }

    static {
        // Hibernate logs through jboss-logging: send it to SLF4J, so simplelogger.properties rules all.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
    }

    private final SessionFactory factory;
    private final AtomicInteger sql = new AtomicInteger();

    private HibernateL2Example() {
        this.factory = start();
    }

    private SessionFactory start() {
        return new HibernatePersistenceConfiguration("planets")
                .managedClasses(Planet.class, Moon.class)
                .jdbcUrl("jdbc:h2:mem:planets;DB_CLOSE_DELAY=-1")
                .jdbcCredentials("sa", "")
                .sharedCacheMode(SharedCacheMode.ENABLE_SELECTIVE)
                .property("hibernate.hbm2ddl.auto", "create-drop")
                // Mayfly as the second-level cache, and the query cache on:
                .property("hibernate.cache.region.factory_class", "mayfly")
                .property("hibernate.cache.use_query_cache", "true")
                .property("hibernate.generate_statistics", "true")
                .property(
                        "hibernate.session_factory.statement_inspector",
                        (org.hibernate.resource.jdbc.spi.StatementInspector) statement -> {
                            sql.incrementAndGet();
                            return statement;
                        })
                .createEntityManagerFactory();
    }

    /** Runs every step and returns what each did. */
    public static List<Step> run() {
        HibernateL2Example example = new HibernateL2Example();
        try {
            return example.steps();
        } finally {
            example.factory.close();
        }
    }

    private List<Step> steps() {
        factory.inTransaction(HibernateL2Example::insertSolarSystem);
        List<Step> steps = new ArrayList<>();
        steps.add(step("load 8 planets and their moons", this::moonCount));
        steps.add(step("load them again, in a new session", this::moonCount));
        steps.add(step("find Saturn by name (natural id)", s -> planetByName(s, "Saturn")));
        steps.add(step("query: planets heavier than Earth", HibernateL2Example::heavyPlanets));
        steps.add(step("same query again (query cache)", HibernateL2Example::heavyPlanets));
        steps.add(step("update Jupiter's mass", s -> {
            Planet jupiter = s.find(Planet.class, 5L);
            jupiter.setMassEarths(317.9);
            return "committed";
        }));
        steps.add(step(
                "load Jupiter after the update", s -> s.find(Planet.class, 5L).getMassEarths() + " Earths"));
        steps.add(step("query again after the update", HibernateL2Example::heavyPlanets));
        return steps;
    }

    private Step step(String what, Function<Session, Object> work) {
        Statistics statistics = factory.getStatistics();
        statistics.clear();
        sql.set(0);
        Object result = factory.fromTransaction(work);
        return new Step(
                what,
                sql.get(),
                statistics.getSecondLevelCacheHitCount() + statistics.getQueryCacheHitCount(),
                String.valueOf(result));
    }

    private String moonCount(Session session) {
        int moons = 0;
        for (long id = 1; id <= 8; id++) {
            moons += session.find(Planet.class, id).getMoons().size();
        }
        return moons + " moons";
    }

    private static String planetByName(Session session, String name) {
        Planet planet = session.bySimpleNaturalId(Planet.class).load(name);
        return planet.getName() + ", " + planet.getMoons().size() + " moons";
    }

    private static List<String> heavyPlanets(Session session) {
        return session.createSelectionQuery(
                        "select p.name from Planet p where p.massEarths > 1 order by p.name", String.class)
                .setCacheable(true)
                .getResultList();
    }

    private static void insertSolarSystem(Session session) {
        String[] names = {"Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune"};
        double[] masses = {0.055, 0.815, 1.0, 0.107, 317.8, 95.2, 14.5, 17.1};
        String[][] moons = {
            {},
            {},
            {"Moon"},
            {"Phobos", "Deimos"},
            {"Io", "Europa", "Ganymede", "Callisto"},
            {"Titan", "Rhea", "Enceladus"},
            {"Titania", "Oberon"},
            {"Triton"}
        };
        long moonId = 100;
        for (int i = 0; i < names.length; i++) {
            Planet planet = new Planet(i + 1L, names[i], masses[i]);
            session.persist(planet);
            for (String moon : moons[i]) {
                session.persist(new Moon(moonId++, moon, planet));
            }
        }
    }

    /** Runs every step, prints one line per step to {@code out}, and returns the steps. */
    public static List<Step> report(java.io.PrintStream out) {
        List<Step> steps = run();
        out.println("Hibernate second-level cache through Mayfly (H2 in memory); each step is a new session:");
        for (Step step : steps) {
            out.println("  " + step);
        }
        return steps;
    }

    public static void main(String[] args) {
        report(System.out);
    }
}
