//! jingjian-store.
