//! Configuration: the embedded `config/default.toml`, then the file named by
//! `TISSER_CONFIG`, then variables `TISSER__SECTION__KEY`.

use std::path::PathBuf;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use serde::Deserialize;

/// The defaults, compiled in so that the binary runs anywhere with no file around it.
pub const DEFAULTS: &str = include_str!("../../../config/default.toml");

#[derive(Clone, Debug, Deserialize)]
pub struct Settings {
    pub server: Server,
    pub database: Database,
    pub mail: Mail,
    pub log: Log,
    #[serde(default)]
    pub privacy: Privacy,
    #[serde(default)]
    pub rate_limit: RateLimit,
    #[serde(default)]
    pub metrics: Metrics,
}

/// `GET /metrics` (Prometheus text format).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Metrics {
    /// Off by default: then `/metrics` answers 404.
    pub enabled: bool,
    /// When set, scrapers must send `Authorization: Bearer <token>`.
    pub token: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Server {
    pub addr: String,
    pub public_url: String,
    pub body_limit: usize,
    /// An organiser's browser session ends after this many minutes without a request…
    #[serde(default = "two_hours")]
    pub session_idle_minutes: u32,
    /// …and this many hours after signing in, whatever happens.
    #[serde(default = "twelve")]
    pub session_absolute_hours: u32,
    /// Seconds `serve` gives, after SIGTERM or SIGINT, to the requests in flight and the
    /// message being sent before it stops anyway.
    #[serde(default = "twenty")]
    pub shutdown_grace_seconds: u64,
}

fn two_hours() -> u32 {
    120
}

fn twelve() -> u32 {
    12
}

fn twenty() -> u64 {
    20
}

#[derive(Clone, Debug, Deserialize)]
pub struct Database {
    pub url: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Mail {
    pub smtp_url: String,
    pub outbox_dir: PathBuf,
    pub from: String,
    pub templates_dir: Option<PathBuf>,
    pub poll_interval_ms: u64,
    pub lease_seconds: u64,
    pub retry_base_ms: u64,
    pub max_attempts: u32,
    pub reminder_delays_minutes: Vec<u32>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Log {
    pub filter: String,
    /// `text` (for a person) or `json` (one object a line, for a log collector).
    #[serde(default)]
    pub format: LogFormat,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// Data protection.
#[derive(Clone, Debug, Deserialize)]
pub struct Privacy {
    /// Days after an event ends after which its registrations' personal data is erased.
    pub retention_days: u32,
    /// Seconds between two looks for registrations past their retention period.
    #[serde(default = "hourly")]
    pub check_interval_seconds: u64,
}

fn hourly() -> u64 {
    3600
}

impl Default for Privacy {
    fn default() -> Self {
        Self { retention_days: 365, check_interval_seconds: hourly() }
    }
}

/// Rate limits on the public POSTs, per client address (token buckets).
#[derive(Clone, Debug, Deserialize)]
#[serde(default)]
pub struct RateLimit {
    pub enabled: bool,
    /// Registrations (the API and the form) per minute and address.
    pub registrations_per_minute: u32,
    /// Lost-link and organiser sign-in requests per minute and address.
    pub links_per_minute: u32,
    /// Requests an address may make at once before the per-minute rate applies.
    pub burst: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed (exact addresses).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for RateLimit {
    fn default() -> Self {
        let d = tisser_web::limits::RateLimitConfig::default();
        Self {
            enabled: d.enabled,
            registrations_per_minute: d.registrations_per_minute,
            links_per_minute: d.links_per_minute,
            burst: d.burst,
            trusted_proxies: d.trusted_proxies,
        }
    }
}

impl RateLimit {
    /// The web crate's form of these settings.
    #[must_use]
    pub fn to_web(&self) -> tisser_web::limits::RateLimitConfig {
        tisser_web::limits::RateLimitConfig {
            enabled: self.enabled,
            registrations_per_minute: self.registrations_per_minute,
            links_per_minute: self.links_per_minute,
            burst: self.burst,
            trusted_proxies: self.trusted_proxies.clone(),
        }
    }
}

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the configuration file {0} named by TISSER_CONFIG does not exist")]
    MissingFile(PathBuf),
    #[error("invalid configuration: {0}")]
    Invalid(#[from] Box<figment::Error>),
}

impl Settings {
    /// Reads the layered configuration.
    ///
    /// # Errors
    /// [`ConfigError`] when `TISSER_CONFIG` names a missing file or a value has the wrong type.
    pub fn load() -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Toml::string(DEFAULTS));
        if let Some(path) = std::env::var_os("TISSER_CONFIG").map(PathBuf::from) {
            if !path.is_file() {
                return Err(ConfigError::MissingFile(path));
            }
            figment = figment.merge(Toml::file(path));
        }
        Self::from_figment(figment.merge(Env::prefixed("TISSER__").split("__")))
    }

    /// The embedded defaults alone (for tests, which then set what they need).
    ///
    /// # Errors
    /// [`ConfigError::Invalid`] if the embedded file is broken.
    pub fn defaults() -> Result<Self, ConfigError> {
        Self::from_figment(Figment::from(Toml::string(DEFAULTS)))
    }

    fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        figment.extract().map_err(|e| ConfigError::Invalid(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_defaults_use_sqlite_under_data_and_eml_files() {
        let s = Settings::defaults().unwrap();
        assert_eq!(s.database.url, "sqlite://data/tisser.db");
        assert_eq!(s.server.addr, "127.0.0.1:8080");
        assert!(s.mail.smtp_url.is_empty());
        assert_eq!(s.mail.outbox_dir, PathBuf::from("data/outbox"));
        assert_eq!(s.server.shutdown_grace_seconds, 20);
        assert!(s.rate_limit.enabled);
        assert_eq!(s.log.format, LogFormat::Text);
        assert!(s.rate_limit.trusted_proxies.is_empty());
    }

    #[test]
    fn variables_override_the_defaults() {
        let figment = Figment::from(Toml::string(DEFAULTS))
            .merge(figment::providers::Serialized::default("database.url", "postgres://x/y"));
        let s = Settings::from_figment(figment).unwrap();
        assert_eq!(s.database.url, "postgres://x/y");
    }
}
