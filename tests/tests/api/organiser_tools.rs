//! Organiser tools: exports, attendance sheets, check-in, fill rates, messages, erasure.
