//! How times read to a person, in French or English, in the event's own zone:
//! « mardi 23 avril 2024, 10 h 45 – 12 h 30 (heure de Paris) ».

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;

use crate::Language;

const DAYS_FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A session's time as a reader sees it, in the event's zone:
/// « mardi 23 avril 2024, 10 h 45 – 12 h 30 (heure de Paris) ».
#[must_use]
pub fn when(start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz, lang: Language) -> String {
    let (s, e) = (start.with_timezone(&tz), end.with_timezone(&tz));
    let day = s.weekday().num_days_from_monday() as usize;
    let month = s.month0() as usize;
    let city = tz.name().rsplit('/').next().unwrap_or(tz.name()).replace('_', " ");
    match lang {
        Language::Fr => {
            let hm = |h: u32, m: u32| if m == 0 { format!("{h} h") } else { format!("{h} h {m:02}") };
            format!(
                "{} {} {} {}, {} – {} (heure de {city})",
                DAYS_FR[day],
                if s.day() == 1 { "1er".to_owned() } else { s.day().to_string() },
                MONTHS_FR[month],
                s.year(),
                hm(s.hour(), s.minute()),
                hm(e.hour(), e.minute())
            )
        }
        Language::En => format!(
            "{} {} {} {}, {:02}:{:02} – {:02}:{:02} ({city} time)",
            DAYS_EN[day],
            s.day(),
            MONTHS_EN[month],
            s.year(),
            s.hour(),
            s.minute(),
            e.hour(),
            e.minute()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_the_events_zone_across_clock_changes() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let paris = chrono_tz::Europe::Paris;
        assert_eq!(
            when(t("2024-04-23T08:45:00Z"), t("2024-04-23T10:30:00Z"), paris, Language::Fr),
            "mardi 23 avril 2024, 10 h 45 – 12 h 30 (heure de Paris)"
        );
        // The last Sunday of October: 10:00 in Paris is 09:00 UTC (winter time).
        assert_eq!(
            when(t("2026-10-25T09:00:00Z"), t("2026-10-25T10:30:00Z"), paris, Language::En),
            "Sunday 25 October 2026, 10:00 – 11:30 (Paris time)"
        );
        assert_eq!(
            when(t("2026-03-29T08:00:00Z"), t("2026-03-29T09:00:00Z"), paris, Language::Fr),
            "dimanche 29 mars 2026, 10 h – 11 h (heure de Paris)"
        );
    }
}
