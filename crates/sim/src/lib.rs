//! jingjian-sim.
