package org.polycast.alm.internal.tree;

import org.polycast.reload.internal.sim.SimOverlay;

/** The trees' clock on the overlay simulation's virtual time, for tests. */
public final class SimTreeClock {
    private SimTreeClock() {
    }

    public static ScribeTrees.Clock of(SimOverlay sim) {
        return new ScribeTrees.Clock() {
            @Override
            public long nowMillis() {
                return sim.clock.nowMillis();
            }

            @Override
            public Runnable schedule(Runnable task, long delayMillis) {
                return sim.clock.schedule(task, delayMillis);
            }

            @Override
            public void execute(Runnable task) {
                sim.clock.execute(task);
            }
        };
    }
}
