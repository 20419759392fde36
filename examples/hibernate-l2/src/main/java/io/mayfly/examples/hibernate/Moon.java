package io.mayfly.examples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.Immutable;

/** A moon; moons never change here, so they are cached read-only. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_ONLY)
@Immutable
public class Moon {

    @Id
    private Long id;

    private String name;

    @ManyToOne
    private Planet planet;

    protected Moon() {}

    public Moon(Long id, String name, Planet planet) {
        this.id = id;
        this.name = name;
        this.planet = planet;
        planet.getMoons().add(this);
    }

    public String getName() {
        return name;
    }

    public Planet getPlanet() {
        return planet;
    }
}
