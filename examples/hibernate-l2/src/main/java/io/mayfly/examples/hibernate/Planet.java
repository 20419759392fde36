package io.mayfly.examples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** A planet, cached in the second-level cache with its moons and its natural id (the name). */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@NaturalIdCache
public class Planet {

    @Id
    private Long id;

    @NaturalId
    private String name;

    private double massEarths;

    @OneToMany(mappedBy = "planet")
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
    private List<Moon> moons = new ArrayList<>();

    protected Planet() {}

    public Planet(Long id, String name, double massEarths) {
        this.id = id;
        this.name = name;
        this.massEarths = massEarths;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public double getMassEarths() {
        return massEarths;
    }

    public void setMassEarths(double massEarths) {
        this.massEarths = massEarths;
    }

    public List<Moon> getMoons() {
        return moons;
    }
}
