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

/// A calendar day in full, in the zone: « mardi 23 avril 2024 », "Tuesday 23 April 2024".
#[must_use]
pub fn day(t: DateTime<Utc>, tz: Tz, lang: Language) -> String {
    let d = t.with_timezone(&tz);
    let weekday = d.weekday().num_days_from_monday() as usize;
    let month = d.month0() as usize;
    match lang {
        Language::Fr => format!(
            "{} {} {} {}",
            DAYS_FR[weekday],
            if d.day() == 1 { "1er".to_owned() } else { d.day().to_string() },
            MONTHS_FR[month],
            d.year()
        ),
        Language::En => format!("{} {} {} {}", DAYS_EN[weekday], d.day(), MONTHS_EN[month], d.year()),
    }
}

/// A time of day in the zone: « 9 h 30 », « 12 h », "09:30".
#[must_use]
pub fn time(t: DateTime<Utc>, tz: Tz, lang: Language) -> String {
    let d = t.with_timezone(&tz);
    match lang {
        Language::Fr if d.minute() == 0 => format!("{} h", d.hour()),
        Language::Fr => format!("{} h {:02}", d.hour(), d.minute()),
        Language::En => format!("{:02}:{:02}", d.hour(), d.minute()),
    }
}

/// The hours of a slot: « de 10 h 45 à 12 h 30 », "from 10:45 to 12:30".
#[must_use]
pub fn hours(start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz, lang: Language) -> String {
    match lang {
        Language::Fr => format!("de {} à {}", time(start, tz, lang), time(end, tz, lang)),
        Language::En => format!("from {} to {}", time(start, tz, lang), time(end, tz, lang)),
    }
}

/// A slot in full: « mardi 23 avril 2024, de 10 h 45 à 12 h 30 »; over several days
/// « du mardi 23 avril 2024, 9 h, au mercredi 24 avril 2024, 17 h ».
#[must_use]
pub fn slot(start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz, lang: Language) -> String {
    let (first, last) = (day(start, tz, lang), day(end, tz, lang));
    if first == last {
        return format!("{first}, {}", hours(start, end, tz, lang));
    }
    match lang {
        Language::Fr => {
            format!("du {first}, {}, au {last}, {}", time(start, tz, lang), time(end, tz, lang))
        }
        Language::En => {
            format!("from {first}, {}, to {last}, {}", time(start, tz, lang), time(end, tz, lang))
        }
    }
}

/// The days an event covers: « mardi 23 avril 2024 », or « du mardi 23 avril 2024 au
/// mercredi 24 avril 2024 ».
#[must_use]
pub fn days(start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz, lang: Language) -> String {
    let (first, last) = (day(start, tz, lang), day(end, tz, lang));
    if first == last {
        first
    } else {
        match lang {
            Language::Fr => format!("du {first} au {last}"),
            Language::En => format!("from {first} to {last}"),
        }
    }
}

/// The zone as a reader names it: « heure de Paris », "Paris time".
#[must_use]
pub fn zone(tz: Tz, lang: Language) -> String {
    let city = tz.name().rsplit('/').next().unwrap_or(tz.name()).replace('_', " ");
    match lang {
        Language::Fr => format!("heure de {city}"),
        Language::En => format!("{city} time"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_hours_and_slots_read_in_full() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let paris = chrono_tz::Europe::Paris;
        let (a, b) = (t("2024-04-23T08:45:00Z"), t("2024-04-23T10:30:00Z"));
        assert_eq!(slot(a, b, paris, Language::Fr), "mardi 23 avril 2024, de 10 h 45 à 12 h 30");
        assert_eq!(slot(a, b, paris, Language::En), "Tuesday 23 April 2024, from 10:45 to 12:30");
        assert_eq!(time(t("2024-04-23T07:00:00Z"), paris, Language::Fr), "9 h");
        let c = t("2024-04-24T15:00:00Z");
        assert_eq!(days(a, c, paris, Language::Fr), "du mardi 23 avril 2024 au mercredi 24 avril 2024");
        assert_eq!(day(t("2024-05-01T08:00:00Z"), paris, Language::Fr), "mercredi 1er mai 2024");
        assert_eq!(zone(paris, Language::Fr), "heure de Paris");
    }

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
