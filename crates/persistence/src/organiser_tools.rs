//! Organiser tools: exports, attendance, check-in, fill rates, messages, data protection.
