package io.mayfly.benchmarks.billing;

import java.util.ArrayList;
import java.util.List;

/**
 * Mayfly's cost per hour against the request rate for one return policy, from the simulator, and
 * the rate where it meets ElastiCache's hourly price.
 *
 * @param policy        the return policy
 * @param backup        whether the bill includes backups
 * @param points        the bill at each rate
 * @param breakEvenRequestsPerHour the rate above which ElastiCache is cheaper (0 when Mayfly is
 *                      dearer at any rate, infinite when never)
 */
public record CostCurve(ReturnPolicy policy, boolean backup, List<Point> points, double breakEvenRequestsPerHour) {

    /** Mayfly's bill at one request rate. */
    public record Point(double requestsPerHour, double usdPerHour, double invokedShare) {}

    /** 100 to 10M requests per hour, log scale, {@code perDecade} points a decade. */
    public static List<Double> rates(int perDecade) {
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i <= 5 * perDecade; i++) {
            rates.add(100 * Math.pow(10, (double) i / perDecade));
        }
        return rates;
    }

    public CostCurve {
        points = List.copyOf(points);
    }

    public static CostCurve of(
            BillingSimulator simulator,
            ReturnPolicy policy,
            boolean backup,
            List<Double> rates,
            double elastiCacheUsdPerHour) {
        List<Point> points = new ArrayList<>();
        for (double rate : rates) {
            SimulatedBill bill = simulator.billAtRate(policy, rate, backup);
            points.add(new Point(rate, bill.usdPerHour(), bill.invokedShare()));
        }
        return new CostCurve(policy, backup, points, breakEven(simulator, policy, backup, elastiCacheUsdPerHour));
    }

    /**
     * The lowest rate (1 to 10^10 requests per hour) at which the bill per hour reaches
     * ElastiCache's: found on a grid of 8 points a decade, then by bisection on the log of the rate.
     */
    public static double breakEven(
            BillingSimulator simulator, ReturnPolicy policy, boolean backup, double elastiCacheUsdPerHour) {
        double low = 1;
        if (simulator.billAtRate(policy, low, backup).usdPerHour() >= elastiCacheUsdPerHour) {
            return 0;
        }
        double high = Double.NaN;
        for (int i = 1; i <= 80; i++) {
            double rate = Math.pow(10, i / 8.0);
            if (simulator.billAtRate(policy, rate, backup).usdPerHour() >= elastiCacheUsdPerHour) {
                high = rate;
                break;
            }
            low = rate;
        }
        if (Double.isNaN(high)) {
            return Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < 30; i++) {
            double mid = Math.sqrt(low * high);
            if (simulator.billAtRate(policy, mid, backup).usdPerHour() >= elastiCacheUsdPerHour) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return Math.sqrt(low * high);
    }

    /** The bill per hour at the point nearest {@code requestsPerHour} on the log scale. */
    public Point nearest(double requestsPerHour) {
        Point best = points.get(0);
        for (Point p : points) {
            if (Math.abs(Math.log(p.requestsPerHour() / requestsPerHour))
                    < Math.abs(Math.log(best.requestsPerHour() / requestsPerHour))) {
                best = p;
            }
        }
        return best;
    }
}
