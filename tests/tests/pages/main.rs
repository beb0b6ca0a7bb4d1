//! End-to-end tests of the participants' pages, as a browser without script uses them:
//! read a page, keep its cookies, fill its form, follow its redirects by hand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod concurrency;
mod editor;
mod form;
mod import;
mod limits;
mod manage;
mod organiser;
mod organiser_person;
mod organiser_tools;
mod public;

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde_json::{Value, json};
use tisser_tests::reqwest::{Client, StatusCode, header, redirect};
use tisser_tests::{TestApp, python};

/// Day 1 of a JRPS in the future, Paris time (summer offset).
pub const OPENING: (&str, &str) = ("2030-04-23T09:00:00+02:00", "2030-04-23T09:30:00+02:00");
pub const MORNING: (&str, &str) = ("2030-04-23T10:45:00+02:00", "2030-04-23T12:30:00+02:00");
pub const EVENING: (&str, &str) = ("2030-04-23T19:30:00+02:00", "2030-04-23T22:30:00+02:00");
pub const JOIN: &str = "https://visio.example.org/salle-secrete";

/// A page as the browser got it.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub headers: header::HeaderMap,
    pub html: String,
}

impl Page {
    /// The page read by html5lib: title, headings, links, fields…
    pub fn read(&self) -> Value {
        inspect(&self.html)
    }
}

/// One browser: its own cookies, no script, redirects followed by hand.
pub struct Browser {
    base: String,
    client: Client,
    cookies: Mutex<BTreeMap<String, String>>,
    token: Mutex<Option<String>>,
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        Self {
            base: app.base.clone(),
            client: Client::builder().redirect(redirect::Policy::none()).build().unwrap(),
            cookies: Mutex::new(BTreeMap::new()),
            token: Mutex::new(None),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies.lock().unwrap().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn answer(&self, res: tisser_tests::reqwest::Response) -> Page {
        for set in res.headers().get_all(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            let pair = set.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.lock().unwrap().insert(k.trim().to_owned(), v.trim().to_owned());
        }
        let status = res.status();
        let location = res.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned());
        let headers = res.headers().clone();
        let html = res.text().await.unwrap();
        if let Some(at) = html.find("name=\"csrf_token\" value=\"") {
            let rest = &html[at + "name=\"csrf_token\" value=\"".len()..];
            *self.token.lock().unwrap() = Some(rest[..rest.find('"').unwrap()].to_owned());
        }
        Page { status, location, headers, html }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut req =
            self.client.get(format!("{}{path}", self.base)).header(header::COOKIE, self.cookie_header());
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.answer(req.send().await.unwrap()).await
    }

    /// Posts a form with the token of the last page read, as the browser would.
    pub async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.token.lock().unwrap().clone().unwrap_or_default();
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all, &[]).await
    }

    /// A download: its status, headers and bytes.
    pub async fn bytes(&self, path: &str) -> (StatusCode, header::HeaderMap, Vec<u8>) {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .header(header::COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        (res.status(), res.headers().clone(), res.bytes().await.unwrap().to_vec())
    }

    /// Posts exactly these fields, with these extra headers.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> Page {
        let body: String =
            fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
        let mut req = self
            .client
            .post(format!("{}{path}", self.base))
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.answer(req.send().await.unwrap()).await
    }
}

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// What a page holds, as html5lib reads it.
pub fn inspect(html: &str) -> Value {
    python(
        r#"
import sys, json, html5lib
doc = html5lib.parse(sys.stdin.read(), namespaceHTMLElements=False)
def text(e): return ' '.join(''.join(e.itertext()).split())
inputs = list(doc.iter('input'))
print(json.dumps({
  'lang': doc.get('lang'),
  'title': text(doc.find('.//title')),
  'h1': [text(e) for e in doc.iter('h1')],
  'loads': [e.get('href') for e in doc.iter('link')] + [e.get('src') for e in doc.iter('img')] + [e.get('src') for e in doc.iter('script')],
  'scripts': len(list(doc.iter('script'))),
  'landmarks': [t for t in ['header', 'nav', 'main', 'footer'] if doc.find('.//' + t) is not None],
  'links': [[text(a), a.get('href'), a.get('rel')] for a in doc.iter('a')],
  'legends': [text(e) for e in doc.iter('legend')],
  'labels': [text(e) for e in doc.iter('label')],
  'summary': [[text(a), a.get('href')] for d in doc.iter('div') if d.get('class') == 'error-summary' for a in d.iter('a')],
  'summary_focus': [[d.get('tabindex'), d.get('autofocus')] for d in doc.iter('div') if d.get('class') == 'error-summary'],
  'invalid': [e.get('id') for e in doc.iter() if e.get('aria-invalid') == 'true'],
  'values': {e.get('name'): e.get('value') for e in inputs if e.get('type') in ('text', 'email')},
  'textareas': {e.get('name'): ''.join(e.itertext()) for e in doc.iter('textarea')},
  'checked': [e.get('id') for e in inputs if e.get('checked') is not None],
  'buttons': [text(b) for b in doc.iter('button')],
  'forms': [[f.get('action'), f.get('novalidate') is not None] for f in doc.iter('form')],
}))
"#,
        html.as_bytes(),
    )
}

/// The labels of a page, for `contains` checks.
pub fn labels(page: &Value) -> Vec<String> {
    page["labels"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_owned()).collect()
}

/// Whether a page links to `href` with words containing `words`.
pub fn has_link(page: &Value, words: &str, href: &str) -> bool {
    page["links"].as_array().unwrap().iter().any(|l| l[0].as_str().unwrap().contains(words) && l[1] == href)
}

/// A JRPS-like day: a plenary, two parallel workshops (A: `seats_a` seats, B: 15), a dinner
/// (26), and an online session with a join link.
pub async fn jrps(app: &TestApp, slug: &str, seats_a: u32) -> (String, String, String, String) {
    app.published_event(slug, json!({"title": "JRPS 2030", "venue": "Narbonne", "format": "hybrid"})).await;
    app.session(
        slug,
        json!({"title": "Ouverture", "kind": "plenary", "starts_at": OPENING.0, "ends_at": OPENING.1}),
    )
    .await;
    let a = app.workshop(slug, "Atelier A — L'aventure", Some(seats_a), MORNING.0, MORNING.1).await;
    let b = app.workshop(slug, "Atelier B — Tisser des liens", Some(15), MORNING.0, MORNING.1).await;
    let dinner = app
        .session(
            slug,
            json!({"title": "Dîner", "kind": "social", "starts_at": EVENING.0, "ends_at": EVENING.1, "capacity": 26}),
        )
        .await;
    let visio = app
        .session(
            slug,
            json!({"title": "Table ronde en visio", "kind": "round_table", "starts_at": "2030-04-23T14:00:00+02:00",
                   "ends_at": "2030-04-23T15:00:00+02:00", "capacity": 50, "online_url": JOIN,
                   "facilitators": [{"name": "Sophie Albert", "role": "intervenante"}]}),
        )
        .await;
    (a, b, dinner, visio)
}

/// The fields of a complete registration form.
pub fn person_fields<'a>(email: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("email", email),
        ("first_name", "Hélène"),
        ("last_name", "Dupré"),
        ("profile", "patient_partner"),
        ("language", "fr"),
        ("organization", ""),
        ("accessibility_needs", ""),
        ("website", ""),
    ];
    fields.extend_from_slice(extra);
    fields
}

/// Registers through the form; returns the private link's path.
pub async fn register_by_form(app: &TestApp, slug: &str, email: &str, extra: &[(&str, &str)]) -> String {
    let browser = Browser::new(app);
    let form = browser.get(&format!("/events/{slug}/register")).await;
    assert_eq!(form.status, StatusCode::OK);
    let done = browser.submit(&format!("/events/{slug}/register"), &person_fields(email, extra)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    done.location.unwrap().trim_end_matches("/confirmation").to_owned()
}
