//! jingjian-text.
