//! jingjian-engine.
