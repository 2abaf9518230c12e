//! jingjian-plan.
