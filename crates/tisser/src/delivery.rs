//! The delivery worker inside `tisser serve`: takes due messages from the outbox under a
//! lease, writes them (templates of `tisser-mail`, invites of `tisser-calendar`), sends them,
//! and records the outcome. A failed attempt is retried with exponential backoff; a message
//! whose worker died is taken again when its lease ends. Nothing is sent outside the outbox.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tisser_calendar::{CalEvent, Calendar, Method, Person, Status};
use tisser_domain::notice::{InviteMethod, Notice, OrganiserNotice, Outgoing};
use tisser_domain::wording::when;
use tisser_mail::{Attachment, MessageData, SessionLine, Templates, Transport, build_message};
use tisser_persistence::{OutboxMessage, Store};
use tokio::sync::watch;

use crate::AppError;
use crate::config::Settings;

/// How many messages sent are marked so in one commit.
const SENT_MARKED_TOGETHER: usize = 16;

/// How the worker paces itself.
#[derive(Clone, Debug)]
pub struct Pace {
    pub poll: Duration,
    pub lease: Duration,
    pub batch: u64,
    pub retry_base: Duration,
    pub max_attempts: u32,
    pub reminder_delays: Vec<chrono::Duration>,
}

/// Everything needed to deliver the outbox.
#[derive(Clone)]
pub struct Delivery {
    store: Store,
    templates: Arc<Templates>,
    transport: Arc<Transport>,
    from: String,
    public_url: String,
    pace: Pace,
    /// How many passes the running worker has made (tests wait for the first).
    passes: Arc<watch::Sender<u64>>,
}

/// Why a message could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// The message's private link was removed (it was sent already).
    #[error("the private link of this message was already removed")]
    LinkRemoved,
    #[error(transparent)]
    Mail(#[from] tisser_mail::MailError),
    #[error(transparent)]
    Calendar(#[from] tisser_calendar::CalendarError),
}

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub failed: usize,
}

impl Delivery {
    /// Compiles the templates (a broken one stops here) and opens the transport.
    ///
    /// # Errors
    /// [`AppError::Mail`] for a broken template, a bad SMTP URL or an outbox folder that
    /// cannot be created.
    pub fn new(store: Store, settings: &Settings) -> Result<Self, AppError> {
        let dir = settings.mail.templates_dir.as_deref().filter(|d| !d.as_os_str().is_empty());
        let templates = Templates::load(dir)?;
        let transport = Transport::from_config(&settings.mail.smtp_url, &settings.mail.outbox_dir)?;
        Ok(Self {
            store,
            templates: Arc::new(templates),
            transport: Arc::new(transport),
            from: settings.mail.from.clone(),
            public_url: settings.server.public_url.trim_end_matches('/').to_owned(),
            passes: Arc::new(watch::Sender::new(0)),
            pace: Pace {
                poll: Duration::from_millis(settings.mail.poll_interval_ms),
                lease: Duration::from_secs(settings.mail.lease_seconds),
                batch: 50,
                retry_base: Duration::from_millis(settings.mail.retry_base_ms),
                max_attempts: settings.mail.max_attempts,
                reminder_delays: settings
                    .mail
                    .reminder_delays_minutes
                    .iter()
                    .map(|m| chrono::Duration::minutes(i64::from(*m)))
                    .collect(),
            },
        })
    }

    /// Writes the reminders due at `now` into the outbox (the clock is a parameter so that
    /// tests control it); returns how many.
    ///
    /// # Errors
    /// [`AppError::Store`] when the database fails.
    pub async fn remind(&self, now: DateTime<Utc>) -> Result<usize, AppError> {
        Ok(self.store.enqueue_due_reminders(now, &self.pace.reminder_delays).await?)
    }

    /// Delivers every message due now, once each; returns what it did.
    ///
    /// # Errors
    /// [`AppError::Store`] when the outbox cannot be read or updated.
    pub async fn deliver_due(&self) -> Result<Pass, AppError> {
        self.deliver_until(&watch::channel(false).1).await
    }

    /// As [`Self::deliver_due`], stopping after the message being sent when `stop` turns
    /// true. The messages of the batch left unsent stay claimed until their lease ends, and
    /// are then taken again (by this process after a restart, or by another).
    async fn deliver_until(&self, stop: &watch::Receiver<bool>) -> Result<Pass, AppError> {
        let mut pass = Pass::default();
        // Only what is due when the pass starts: a message that fails now is retried in a
        // later pass, never twice in this one.
        let started = self.store.now();
        let lease = chrono::Duration::from_std(self.pace.lease).unwrap_or(chrono::Duration::seconds(60));
        while !*stop.borrow() {
            let batch = self.store.claim_outbox(started, lease, self.pace.batch).await?;
            if batch.is_empty() {
                return Ok(pass);
            }
            // The claim holds until `started + lease`; renewed (for the messages left) when
            // less than half of it remains, so that no other worker takes one while it is
            // being sent here. A message no longer held is left to whoever took it.
            let mut held_until = started + lease;
            let mut held: Vec<_> = batch.iter().map(|m| m.id).collect();
            // Messages sent, marked so a few at a time (one commit for them all): after a
            // crash, at most these few could go twice.
            let mut sent = Vec::new();
            for (i, message) in batch.iter().enumerate() {
                if *stop.borrow() {
                    break;
                }
                let now = self.store.now();
                if held_until - now < lease / 2 {
                    let left: Vec<_> = batch[i..].iter().map(|m| m.id).collect();
                    held = self.store.hold_outbox(&left, &message.claim, now + lease).await?;
                    held_until = now + lease;
                }
                if !held.contains(&message.id) {
                    tracing::info!(message = %message.id, "taken over by another worker: not sent here");
                    pass.failed += 1;
                    continue;
                }
                if self.deliver(message, started).await? {
                    sent.push(message);
                    pass.sent += 1;
                } else {
                    pass.failed += 1;
                }
                if sent.len() >= SENT_MARKED_TOGETHER {
                    self.store.outbox_sent(&sent, self.store.now()).await?;
                    sent.clear();
                }
            }
            self.store.outbox_sent(&sent, self.store.now()).await?;
        }
        Ok(pass)
    }

    /// Sends one claimed message and records a failure; `true` when it went out (the caller
    /// marks it sent).
    async fn deliver(&self, message: &OutboxMessage, pass_started: DateTime<Utc>) -> Result<bool, AppError> {
        let outcome = match self.compose(message, self.store.now()) {
            Ok(email) => self.transport.send(&email).await.map_err(|e| (e.is_permanent(), e.to_string())),
            Err(e) => Err((true, e.to_string())),
        };
        match outcome {
            Ok(()) => {
                tracing::info!(message = %message.id, kind = message.message.kind().as_str(), "e-mail sent");
                Ok(true)
            }
            Err((permanent, error)) => {
                let give_up = permanent || message.attempts >= self.pace.max_attempts;
                let retry_at = (!give_up).then(|| {
                    (self.store.now() + backoff(self.pace.retry_base, message.attempts))
                        .max(pass_started + chrono::Duration::milliseconds(1))
                });
                tracing::warn!(message = %message.id, attempts = message.attempts, give_up, %error, "e-mail not sent");
                self.store.outbox_failed(message.id, &error, retry_at).await?;
                Ok(false)
            }
        }
    }

    fn compose(
        &self,
        message: &OutboxMessage,
        now: DateTime<Utc>,
    ) -> Result<tisser_mail::Message, ComposeError> {
        match &message.message {
            Outgoing::Registration(notice) => self.compose_notice(message, notice, now),
            Outgoing::Organiser(notice) => self.compose_organiser(message, notice),
        }
    }

    fn compose_notice(
        &self,
        message: &OutboxMessage,
        notice: &Notice,
        now: DateTime<Utc>,
    ) -> Result<tisser_mail::Message, ComposeError> {
        let lang = notice.language;
        let tz = notice.event.timezone;
        let manage_url = notice
            .manage_token
            .as_ref()
            .map(|t| format!("{}/manage/{t}", self.public_url))
            .ok_or(ComposeError::LinkRemoved)?;
        let data = MessageData {
            first_name: notice.first_name.clone(),
            event_title: notice.event.title.clone(),
            manage_url,
            sessions: notice
                .sessions
                .iter()
                .map(|s| SessionLine {
                    title: s.title.clone(),
                    when: when(s.starts_at, s.ends_at, tz, lang),
                    room: s.room.clone(),
                    status: s.status,
                    waitlist_position: s.waitlist_position,
                    join_url: s.online_url.clone(),
                    replay_url: s.replay_url.clone(),
                })
                .collect(),
            custom_subject: notice.custom_subject.clone(),
            custom_body: notice.custom_body.clone(),
        };
        let rendered = self.templates.render(notice.kind, lang, &data)?;
        let attachments = self.invites(notice, tz, now)?;
        let to_name = format!("{} {}", notice.first_name, notice.last_name);
        Ok(build_message(
            &self.from,
            &to_name,
            &notice.to_email,
            &rendered,
            &attachments,
            &self.domain(),
            &message.id.simple().to_string(),
        )?)
    }

    /// A message to an organiser: its link (the sign-in link) stands where a participant's
    /// private link stands; no event, no sessions, no invite.
    fn compose_organiser(
        &self,
        message: &OutboxMessage,
        notice: &OrganiserNotice,
    ) -> Result<tisser_mail::Message, ComposeError> {
        let link = notice
            .sign_in_token
            .as_ref()
            .map(|t| format!("{}/organiser/sign-in/{t}", self.public_url))
            .ok_or(ComposeError::LinkRemoved)?;
        let data = MessageData {
            first_name: notice.name.clone(),
            event_title: String::new(),
            manage_url: link,
            sessions: Vec::new(),
            custom_subject: None,
            custom_body: None,
        };
        let rendered = self.templates.render(notice.kind, notice.language, &data)?;
        Ok(build_message(
            &self.from,
            &notice.name,
            &notice.to_email,
            &rendered,
            &[],
            &self.domain(),
            &message.id.simple().to_string(),
        )?)
    }

    /// The domain of the sender, for `Message-ID`s.
    fn domain(&self) -> String {
        self.from.rsplit('@').next().unwrap_or("tisser").trim_end_matches('>').to_owned()
    }

    /// One calendar file per session whose invite rides with this message (RFC 5546: one UID
    /// per scheduling object).
    fn invites(&self, notice: &Notice, tz: Tz, now: DateTime<Utc>) -> Result<Vec<Attachment>, ComposeError> {
        let organiser = organiser_of(&self.from);
        let attendee =
            Person::new(format!("{} {}", notice.first_name, notice.last_name), notice.to_email.clone());
        let mut files = Vec::new();
        for s in &notice.sessions {
            let Some(invite) = s.invite else { continue };
            let method = match invite.method {
                InviteMethod::Request => Method::Request,
                InviteMethod::Cancel => Method::Cancel,
            };
            let location = match (&s.room, &notice.event.venue) {
                (Some(room), Some(venue)) => Some(format!("{room}, {venue}")),
                (room, venue) => room.clone().or_else(|| venue.clone()),
            };
            let event = CalEvent {
                uid: tisser_calendar::invite_uid(notice.registration_id, s.id),
                sequence: invite.sequence,
                dtstamp: now,
                start: s.starts_at,
                end: s.ends_at,
                summary: s.title.clone(),
                description: Some(notice.event.title.clone()),
                location,
                url: if method == Method::Request { s.online_url.clone() } else { None },
                status: if method == Method::Request { Status::Confirmed } else { Status::Cancelled },
                organiser: Some(organiser.clone()),
                attendee: Some(attendee.clone()),
            };
            let calendar = Calendar { method, name: None, timezone: tz, events: vec![event] };
            let body = calendar.to_ics()?;
            let stem = if method == Method::Request { "invitation" } else { "annulation" };
            files.push(Attachment {
                filename: format!("{stem}-{}.ics", files.len() + 1),
                content_type: calendar.content_type(),
                body,
            });
        }
        Ok(files)
    }

    /// Counts the running worker's passes: a test waits for the first one (made at start)
    /// before it moves the clock.
    #[must_use]
    pub fn passes(&self) -> watch::Receiver<u64> {
        self.passes.subscribe()
    }

    /// Delivers until `stop` turns true, polling every `poll`.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(poll_ms = self.pace.poll.as_millis(), "outbox delivery started");
        loop {
            if let Err(e) = self.remind(self.store.now()).await {
                tracing::error!(error = %e, "reminder pass failed");
            }
            match self.deliver_until(&stop).await {
                Ok(pass) if pass != Pass::default() => {
                    tracing::info!(sent = pass.sent, failed = pass.failed, "outbox pass")
                }
                Ok(_) => tracing::debug!("outbox pass: nothing due"),
                Err(e) => tracing::error!(error = %e, "outbox delivery pass failed"),
            }
            self.passes.send_modify(|n| *n += 1);
            tokio::select! {
                _ = tokio::time::sleep(self.pace.poll) => {}
                _ = stop.changed() => return,
            }
            if *stop.borrow() {
                return;
            }
        }
    }
}

/// The organiser of every invite: the sender of the e-mails.
fn organiser_of(from: &str) -> Person {
    match from.rsplit_once('<') {
        Some((name, rest)) => Person::new(name.trim().trim_matches('"'), rest.trim_end_matches('>').trim()),
        None => Person::new("Tisser", from.trim()),
    }
}

/// base × 2^(attempts − 1), at most one hour.
fn backoff(base: Duration, attempts: u32) -> chrono::Duration {
    let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(16));
    let wait = base.saturating_mul(factor).min(Duration::from_secs(3600));
    chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        let base = Duration::from_secs(5);
        assert_eq!(backoff(base, 1), chrono::Duration::seconds(5));
        assert_eq!(backoff(base, 3), chrono::Duration::seconds(20));
        assert_eq!(backoff(base, 30), chrono::Duration::hours(1));
    }

    #[test]
    fn the_sender_organises_the_invites() {
        let p = organiser_of("Partenariat en Santé <inscriptions@example.org>");
        assert_eq!((p.name.as_str(), p.email.as_str()), ("Partenariat en Santé", "inscriptions@example.org"));
        assert_eq!(organiser_of("x@example.org").email, "x@example.org");
    }
}
