package io.mayfly.benchmarks.availability;

import io.mayfly.proxy.keepalive.KeepAliveCounters;

/**
 * What the proxy's warm-up, backup and repair did, summed over every proxy of a run (a restarted
 * proxy starts its counters at zero).
 */
record KeepAliveTotals(
        long warmups,
        long backups,
        long backupBytes,
        long bytesRepaired,
        long valuesRepaired,
        long valuesLost,
        long degradedReads) {
    static final KeepAliveTotals ZERO = new KeepAliveTotals(0, 0, 0, 0, 0, 0, 0);

    static KeepAliveTotals of(KeepAliveCounters c) {
        return new KeepAliveTotals(
                c.warmups.get(),
                c.backups.get(),
                c.backupBytesCopied.get(),
                c.bytesRepaired.get(),
                c.valuesRepaired.get(),
                c.valuesLost.get(),
                c.degradedReads.get());
    }

    KeepAliveTotals plus(KeepAliveTotals o) {
        return new KeepAliveTotals(
                warmups + o.warmups,
                backups + o.backups,
                backupBytes + o.backupBytes,
                bytesRepaired + o.bytesRepaired,
                valuesRepaired + o.valuesRepaired,
                valuesLost + o.valuesLost,
                degradedReads + o.degradedReads);
    }

    KeepAliveTotals minus(KeepAliveTotals o) {
        return new KeepAliveTotals(
                warmups - o.warmups,
                backups - o.backups,
                backupBytes - o.backupBytes,
                bytesRepaired - o.bytesRepaired,
                valuesRepaired - o.valuesRepaired,
                valuesLost - o.valuesLost,
                degradedReads - o.degradedReads);
    }
}
