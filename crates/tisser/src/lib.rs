//! The `tisser` program: configuration, start-up and the command line's work. The binary in
//! `main.rs` only parses arguments; tests build an [`Application`] the same way on a free
//! port.
//!
//! Architecture invariant: this crate wires the others together and holds no rule, no SQL
//! and no HTTP handler of its own.

pub mod config;
pub mod delivery;
pub mod demo;
pub mod programme_cli;

use std::net::SocketAddr;

use std::sync::Arc;

use tisser_persistence::{Clock, SessionLimits, Store, StoreError};
use tisser_web::{AppState, WebConfig};
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::delivery::Delivery;

/// Why the application could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("server failure: {0}")]
    Serve(std::io::Error),
    #[error("stopped after the {} s grace period with work still in flight", .0.as_secs())]
    GraceExceeded(std::time::Duration),
    #[error("{0}")]
    Usage(String),
    #[error("e-mail: {0}")]
    Mail(#[from] tisser_mail::MailError),
    #[error("pages: {0}")]
    Pages(#[from] tisser_web::pages::TemplateError),
}

/// The real clock: the one place that reads the system's time. Everything else reads the
/// store's clock, which tests replace.
#[must_use]
pub fn system_clock() -> Clock {
    Arc::new(chrono::Utc::now)
}

/// The address inside `Name <address>` (or the whole text when it has no angle brackets).
fn contact_email(from: &str) -> String {
    match (from.rfind('<'), from.rfind('>')) {
        (Some(start), Some(end)) if start < end => from[start + 1..end].trim().to_owned(),
        _ => from.trim().to_owned(),
    }
}

/// A migrated database, a bound listener and the delivery worker, ready to serve.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    delivery: Delivery,
    retention: Retention,
    /// How long a shutdown waits for the requests in flight and the message being sent.
    grace: std::time::Duration,
}

/// When personal data is erased on its own.
#[derive(Clone, Copy)]
struct Retention {
    period: chrono::Duration,
    every: std::time::Duration,
}

impl Application {
    /// Connects, migrates and binds, as `tisser serve` does.
    ///
    /// # Errors
    /// [`AppError`] when the database cannot be reached or migrated, or the address bound.
    pub async fn build(settings: &Settings) -> Result<Self, AppError> {
        let store = Store::connect(&settings.database.url, system_clock()).await?;
        store.migrate().await?;
        Self::with_store(settings, store).await
    }

    /// Binds on an existing store (tests give it their own clock).
    ///
    /// # Errors
    /// [`AppError::Bind`] when the address cannot be bound.
    pub async fn with_store(settings: &Settings, store: Store) -> Result<Self, AppError> {
        let delivery = Delivery::new(store.clone(), settings)?;
        let listener = TcpListener::bind(&settings.server.addr)
            .await
            .map_err(|source| AppError::Bind { addr: settings.server.addr.clone(), source })?;
        let state = AppState::new(
            store,
            WebConfig {
                public_url: settings.server.public_url.clone(),
                body_limit: settings.server.body_limit,
                retention_days: settings.privacy.retention_days,
                contact_email: contact_email(&settings.mail.from),
                sessions: SessionLimits {
                    idle: chrono::Duration::minutes(i64::from(settings.server.session_idle_minutes.max(1))),
                    absolute: chrono::Duration::hours(i64::from(
                        settings.server.session_absolute_hours.max(1),
                    )),
                },
                rate_limit: settings.rate_limit.to_web(),
                metrics: tisser_web::metrics::MetricsConfig {
                    enabled: settings.metrics.enabled,
                    token: Some(settings.metrics.token.clone()).filter(|t| !t.is_empty()),
                },
            },
        )?;
        let retention = Retention {
            period: chrono::Duration::days(i64::from(settings.privacy.retention_days)),
            every: std::time::Duration::from_secs(settings.privacy.check_interval_seconds.max(1)),
        };
        let grace = std::time::Duration::from_secs(settings.server.shutdown_grace_seconds);
        Ok(Self { listener, state, delivery, retention, grace })
    }

    /// The delivery worker, to run a pass by hand (tests).
    #[must_use]
    pub fn delivery(&self) -> Delivery {
        self.delivery.clone()
    }

    /// The address actually bound (port 0 becomes a real port).
    ///
    /// # Errors
    /// When the socket has no local address.
    pub fn local_addr(&self) -> Result<SocketAddr, AppError> {
        self.listener.local_addr().map_err(AppError::Serve)
    }

    /// Serves, and delivers the outbox, until `shutdown` completes; then stops accepting,
    /// finishes the requests in flight and the message being sent, and returns, waiting at
    /// most the grace period (`server.shutdown_grace_seconds`).
    ///
    /// # Errors
    /// [`AppError::Serve`] when the server fails; [`AppError::GraceExceeded`] when work was
    /// still in flight at the end of the grace period (it is dropped: a request gets no
    /// answer, a message being sent is sent again once its lease ends).
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), AppError> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let eraser = tokio::spawn(erase_expired(self.state.store.clone(), self.retention, stopped.clone()));
        let worker = tokio::spawn(self.delivery.run(stopped.clone()));
        let mut web_stop = stopped;
        let mut server = tokio::spawn(tisser_web::serve(self.listener, self.state, async move {
            let _ = web_stop.wait_for(|s| *s).await;
        }));
        let early = tokio::select! {
            () = shutdown => None,
            served = &mut server => Some(served),
        };
        tracing::info!("stopping: no new requests; finishing the ones in flight");
        let _ = stop.send(true);
        let finish = async {
            let served = match early {
                Some(served) => served,
                None => server.await,
            };
            let _ = worker.await;
            let _ = eraser.await;
            served
        };
        match tokio::time::timeout(self.grace, finish).await {
            Ok(Ok(served)) => served.map_err(AppError::Serve),
            Ok(Err(panicked)) => Err(AppError::Serve(std::io::Error::other(panicked))),
            Err(_) => Err(AppError::GraceExceeded(self.grace)),
        }
    }
}

/// Erases, every `privacy.check_interval_seconds`, the personal data of registrations whose
/// event ended more than the retention period ago (`privacy.retention_days`), and the
/// idempotency keys older than 24 hours, until `stop` turns true. "Now" is the store's clock.
async fn erase_expired(store: Store, retention: Retention, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        match store.erase_expired(store.now(), retention.period).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(erased = n, "personal data erased after the retention period"),
            Err(e) => tracing::error!(error = %e, "retention pass failed"),
        }
        // The first answers kept for idempotency keys hold private links: 24 hours at most.
        if let Err(e) = store.forget_idempotency_keys(store.now()).await {
            tracing::error!(error = %e, "forgetting old idempotency keys failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(retention.every) => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
    }
}
