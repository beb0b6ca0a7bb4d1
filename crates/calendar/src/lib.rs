//! iCalendar output for Tisser: invites (`METHOD:REQUEST`), cancellations and feeds.
//!
//! Placed by the foundation; filled by the e-mail and calendar issue. Architecture invariant:
//! this crate does no I/O; it turns plain domain data into text.
