//! The Déjeuners: series, join links, reminders, replays, cloning.
