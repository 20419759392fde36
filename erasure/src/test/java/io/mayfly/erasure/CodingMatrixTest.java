package io.mayfly.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodingMatrixTest {

    @Test
    void scalarTablesAreBuiltOncePerMatrix() {
        CodingMatrix parity = new CodingMatrix(new byte[][] {new byte[10], new byte[10]}, 10);
        assertThat(parity.keepsTables()).isTrue();
        assertThat(parity.scalarTables()).isSameAs(parity.scalarTables());
        assertThat(ScalarKernel.tableBytes(2, 10)).as("RS(10+2)").isEqualTo(20 * 1024);
    }

    @Test
    void wideMatricesBuildTablesPerCallInsteadOfKeepingMegabytes() {
        CodingMatrix wide = new CodingMatrix(new byte[128][128], 128);
        assertThat(wide.keepsTables()).isFalse();
        assertThat(wide.scalarTables()).isNotSameAs(wide.scalarTables());
    }

    @Test
    void loneLastRowGetsItsOwnTable() {
        byte[][] rows = {{1, 2}, {3, 4}, {5, 6}};
        long[][][] tables = new CodingMatrix(rows, 2).scalarTables();
        assertThat(tables).hasNumberOfRows(2);
        assertThat(tables[1][1][1])
                .as("6 * 1 in the low half, zero row in the high half")
                .isEqualTo(6L);
        assertThat(tables[0][0][1]).isEqualTo(1L | 3L << 32);
    }
}
