//! `tisser demo`: loads the JRPS programme from the seed documents, the Déjeuners series
//! with two webinars and the practice-sharing workshop, at dates in the coming months so
//! that a newcomer can register at once. Running it again changes nothing: what exists
//! already (by slug) is left as it is.

pub mod programme;

use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use tisser_domain::{Capacity, EventFormat, EventStatus, RegistrationWindow, SessionKind, Slug};
use tisser_persistence::{ImportOutcome, NewEvent, NewSeries, Store, StoreError};

use crate::AppError;
use programme::DemoEvent;

const ZONE: Tz = chrono_tz::Europe::Paris;

/// The first `weekday` at least `days` days after `from`.
fn first_weekday_after(from: NaiveDate, days: i64, weekday: Weekday) -> NaiveDate {
    let mut date = from + Duration::days(days);
    while date.weekday() != weekday {
        date += Duration::days(1);
    }
    date
}

fn bad(what: &str) -> AppError {
    AppError::Usage(format!("the demo programme is inconsistent: {what}"))
}

/// Loads the demo. Returns one line per event: created or already there.
///
/// # Errors
/// [`AppError`] when the database fails or the demo data is inconsistent.
pub async fn load(store: &Store) -> Result<Vec<String>, AppError> {
    let today = Utc::now().with_timezone(&ZONE).date_naive();
    let mut report = Vec::new();

    match store.series_by_slug("dejeuners").await {
        Ok(_) => report.push("déjà présente : série « dejeuners »".to_owned()),
        Err(StoreError::NotFound(_)) => {
            store
                .create_series(
                    NewSeries {
                        slug: Slug::parse("dejeuners").map_err(|_| bad("series slug"))?,
                        title: "Les Déjeuners du Partenariat en Santé".into(),
                        description: Some(
                            "Des webinaires gratuits à l'heure du déjeuner, ouverts à tous sur inscription. \
                             Ils sont enregistrés et proposés en replay."
                                .into(),
                        ),
                    },
                    None,
                )
                .await?;
            report.push("créée : série « dejeuners »".to_owned());
        }
        Err(e) => return Err(e.into()),
    }

    let jrps = programme::jrps().map_err(|e| bad(&format!("jrps-2024.csv, {e}")))?;
    let mut events = vec![(jrps, first_weekday_after(today, 120, Weekday::Tue))];
    let webinar_dates =
        [first_weekday_after(today, 14, Weekday::Tue), first_weekday_after(today, 45, Weekday::Thu)];
    let demo_slugs = ["dejeuner-formation-des-professionnels", "dejeuner-donnees-probantes"];
    for ((mut event, date), slug) in programme::dejeuners().into_iter().zip(webinar_dates).zip(demo_slugs) {
        event.slug = slug;
        events.push((event, date));
    }
    events.push((programme::atelier_echanges(), first_weekday_after(today, 30, Weekday::Thu)));

    for (event, first_day) in events {
        report.push(load_event(store, event, first_day).await?);
    }
    Ok(report)
}

async fn load_event(store: &Store, demo: DemoEvent, first_day: NaiveDate) -> Result<String, AppError> {
    match store.event_by_slug(demo.slug).await {
        Ok(_) => return Ok(format!("déjà présent : {}", demo.slug)),
        Err(StoreError::NotFound(_)) => {}
        Err(e) => return Err(e.into()),
    }
    let new = NewEvent {
        slug: Slug::parse(demo.slug).map_err(|_| bad(demo.slug))?,
        title: demo.title.to_owned(),
        description: Some(demo.description.to_owned()),
        timezone: ZONE,
        format: EventFormat::parse(demo.format).ok_or_else(|| bad(demo.format))?,
        venue: demo.venue.map(str::to_owned),
        series: demo.series.map(Slug::parse).transpose().map_err(|_| bad("series"))?,
        capacity: Capacity::from_option(demo.capacity),
        window: RegistrationWindow::default(),
        status: EventStatus::Published,
    };
    let event = store.create_event(new, None).await?;
    let count = demo.sessions.len();
    let mut rows = demo.sessions;
    for row in rows.iter_mut().filter(|r| r.kind == SessionKind::Webinar && r.online_url.is_none()) {
        row.online_url = Some(format!("https://visio.example.org/{}", demo.slug));
    }
    // The same import as an organiser's file: one transaction, all or nothing.
    match store.import_programme(event.event.id, &rows, first_day).await? {
        ImportOutcome::Imported(_) => {}
        ImportOutcome::Refused(problems) => {
            let first = problems.first().map(|p| format!("line {}: {}", p.line, p.en)).unwrap_or_default();
            return Err(bad(&format!("{}, {first}", demo.slug)));
        }
    }
    Ok(format!("créé : {} ({count} temps, à partir du {first_day})", demo.slug))
}
