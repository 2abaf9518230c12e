//! jingjian-report.
