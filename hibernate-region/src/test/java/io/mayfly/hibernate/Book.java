package io.mayfly.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** Cached by the test's {@code hibernate.classcache.*} setting, with its natural id (isbn). */
@Entity
@NaturalIdCache
public class Book {

    @Id
    private Long id;

    @NaturalId
    private String isbn;

    private String title;

    @ManyToOne
    private Author author;

    protected Book() {}

    public Book(Long id, String isbn, String title, Author author) {
        this.id = id;
        this.isbn = isbn;
        this.title = title;
        this.author = author;
        author.getBooks().add(this);
    }

    public Long getId() {
        return id;
    }

    public String getIsbn() {
        return isbn;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public Author getAuthor() {
        return author;
    }
}
