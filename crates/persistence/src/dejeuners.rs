//! The Déjeuners: series pages, reminders, replays, cloning events.
