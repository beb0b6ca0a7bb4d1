//! The participants' pages: server-rendered HTML in French (default) or English, readable
//! and usable without script. Home, event, registration form, confirmation, series, lost
//! link, accessibility statement, the private page behind the link of the e-mails, and the
//! 404 page of every unknown address outside `/api/`.
//!
//! Handlers parse forms into the same validated values as the JSON API (`check.rs`), call
//! the same store operations, and render templates from `web-templates/` with plain view
//! data (`views.rs`). Every POST is checked by `session.rs` (CSRF) and answered by a
//! redirect (POST–redirect–GET), or by the form again with its errors (422).

mod error;
mod manage;
mod organiser;
mod public;
mod registering;
mod samples;
mod texts;
mod views;

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::{AutoEscape, Environment, Output, UndefinedBehavior, Value, context};
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use error::PageError;

use crate::AppState;
use crate::error::{ApiError, Lang};
use crate::session;

/// Every template, embedded at compile time: (name, source).
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../../../web-templates/base.html")),
    ("partials/forms.html", include_str!("../../../../web-templates/partials/forms.html")),
    ("home.html", include_str!("../../../../web-templates/home.html")),
    ("event.html", include_str!("../../../../web-templates/event.html")),
    ("register.html", include_str!("../../../../web-templates/register.html")),
    ("closed.html", include_str!("../../../../web-templates/closed.html")),
    ("confirmation.html", include_str!("../../../../web-templates/confirmation.html")),
    ("series.html", include_str!("../../../../web-templates/series.html")),
    ("lost_link.html", include_str!("../../../../web-templates/lost_link.html")),
    ("lost_link_sent.html", include_str!("../../../../web-templates/lost_link_sent.html")),
    ("accessibility.html", include_str!("../../../../web-templates/accessibility.html")),
    ("manage.html", include_str!("../../../../web-templates/manage.html")),
    ("cancel.html", include_str!("../../../../web-templates/cancel.html")),
    ("error.html", include_str!("../../../../web-templates/error.html")),
    ("partials/organiser.html", include_str!("../../../../web-templates/partials/organiser.html")),
    ("organiser/sign_in.html", include_str!("../../../../web-templates/organiser/sign_in.html")),
    ("organiser/sign_in_sent.html", include_str!("../../../../web-templates/organiser/sign_in_sent.html")),
    ("organiser/confirm.html", include_str!("../../../../web-templates/organiser/confirm.html")),
    ("organiser/link_gone.html", include_str!("../../../../web-templates/organiser/link_gone.html")),
    ("organiser/signed_out.html", include_str!("../../../../web-templates/organiser/signed_out.html")),
    ("organiser/dashboard.html", include_str!("../../../../web-templates/organiser/dashboard.html")),
    ("organiser/import_form.html", include_str!("../../../../web-templates/organiser/import_form.html")),
    ("organiser/import.html", include_str!("../../../../web-templates/organiser/import.html")),
    (
        "organiser/import_preview.html",
        include_str!("../../../../web-templates/organiser/import_preview.html"),
    ),
    ("organiser/sessions.html", include_str!("../../../../web-templates/organiser/sessions.html")),
    ("organiser/check_in.html", include_str!("../../../../web-templates/organiser/check_in.html")),
    ("organiser/registrations.html", include_str!("../../../../web-templates/organiser/registrations.html")),
    ("partials/register.html", include_str!("../../../../web-templates/partials/register.html")),
    ("organiser/person.html", include_str!("../../../../web-templates/organiser/person.html")),
    (
        "organiser/confirm_action.html",
        include_str!("../../../../web-templates/organiser/confirm_action.html"),
    ),
    ("organiser/register.html", include_str!("../../../../web-templates/organiser/register.html")),
    ("organiser/messages.html", include_str!("../../../../web-templates/organiser/messages.html")),
    ("organiser/event_form.html", include_str!("../../../../web-templates/organiser/event_form.html")),
    ("organiser/preview.html", include_str!("../../../../web-templates/organiser/preview.html")),
    ("organiser/copy.html", include_str!("../../../../web-templates/organiser/copy.html")),
    ("organiser/programme.html", include_str!("../../../../web-templates/organiser/programme.html")),
    ("organiser/session_form.html", include_str!("../../../../web-templates/organiser/session_form.html")),
];

/// The one stylesheet.
const STYLESHEET: &str = include_str!("../../../../web-assets/style.css");

/// A template that does not compile or does not render: `tisser serve` stops on it.
#[derive(Debug, thiserror::Error)]
#[error("page template {name}: {detail}")]
pub struct TemplateError {
    pub name: String,
    pub detail: String,
}

/// The compiled pages: templates, texts per language, the stylesheet's address.
pub struct Pages {
    env: Environment<'static>,
    texts_fr: Value,
    texts_en: Value,
    css_href: String,
    css_file: String,
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").field("css_href", &self.css_href).finish_non_exhaustive()
    }
}

/// What every page shows around its content.
pub struct Shell {
    pub lang: Lang,
    /// The page title (« S'inscrire — JRPS 2024 — Partenariat en Santé »).
    pub title: String,
    /// The address of this page, for the language switch (no query).
    pub here: String,
    /// Whether the page shows form errors ("Erreur : " before the title).
    pub has_errors: bool,
}

impl Shell {
    /// A page titled `parts` joined by dashes, then the site's name.
    #[must_use]
    pub fn new(lang: Lang, parts: &[&str], here: impl Into<String>) -> Self {
        let mut title: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
        title.push(texts::tx(lang, "title_suffix"));
        Self { lang, title: title.join(" — "), here: here.into(), has_errors: false }
    }

    #[must_use]
    pub fn errors(mut self, has_errors: bool) -> Self {
        self.has_errors = has_errors;
        self
    }
}

fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    }
}

impl Pages {
    /// Compiles every template and test-renders each page in both languages with sample
    /// data: a broken template stops the start-up here.
    ///
    /// # Errors
    /// [`TemplateError`] naming the template that fails.
    pub fn load() -> Result<Self, TemplateError> {
        let mut env = Environment::new();
        if let Ok(syntax) =
            minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build()
        {
            env.set_syntax(syntax);
        }
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") { AutoEscape::Html } else { AutoEscape::None }
        });
        env.set_formatter(format_value);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .map_err(|e| TemplateError { name: (*name).to_owned(), detail: e.to_string() })?;
        }
        let texts = texts::table()
            .map_err(|detail| TemplateError { name: "texts.toml".to_owned(), detail: detail.to_owned() })?;
        let table = |lang: Lang| -> Value {
            let map: BTreeMap<&str, &str> =
                texts.iter().map(|(k, text)| (k.as_str(), text.get(lang))).collect();
            Value::from(minijinja::value::Serde(&map))
        };
        let hash = hex::encode(Sha256::digest(STYLESHEET.as_bytes()));
        let css_file = format!("style-{}.css", &hash[..12]);
        let pages = Self {
            env,
            texts_fr: table(Lang::Fr),
            texts_en: table(Lang::En),
            css_href: format!("/assets/{css_file}"),
            css_file,
        };
        samples::check(&pages)?;
        Ok(pages)
    }

    /// Renders one page.
    ///
    /// # Errors
    /// The template's error (never expected after the start-up check).
    pub fn render(
        &self,
        template: &str,
        shell: &Shell,
        page: &impl Serialize,
    ) -> Result<String, minijinja::Error> {
        let other = match shell.lang {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        };
        let ctx = context! {
            lang => code(shell.lang),
            other_lang => code(other),
            switch_href => format!("{}?lang={}", shell.here, code(other)),
            title => &shell.title,
            has_errors => shell.has_errors,
            css => &self.css_href,
            t => if shell.lang == Lang::Fr { self.texts_fr.clone() } else { self.texts_en.clone() },
            page => Value::from(minijinja::value::Serde(page)),
        };
        self.env.get_template(template)?.render(ctx)
    }
}

/// Writes a value: `none` as nothing, and in HTML escapes `& < > "` only (every attribute of
/// the templates is double-quoted; the default escaper also turns `/` into `&#x2f;` and `'`
/// into `&#x27;`, which makes every address and French text unreadable in the source).
fn format_value(
    out: &mut Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if value.is_none() {
        return Ok(());
    }
    if matches!(state.auto_escape(), AutoEscape::Html)
        && !value.is_safe()
        && let Some(text) = value.as_str()
    {
        return out.write_str(&crate::html::escape(text)).map_err(minijinja::Error::from);
    }
    minijinja::escape_formatter(out, state, value)
}

/// The participants' pages' content security policy: no script at all, the stylesheet and
/// images from this server only, forms posted here only, never framed, no `<base>`.
/// `default-src 'none'` (stricter than `'self'`) refuses whatever is not listed.
pub const PAGE_POLICY: &str = "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// An HTML answer with the pages' headers: never cached (forms carry a token, private pages
/// personal data), no script, nothing from another host, no framing, and no referrer to
/// another site (a private page's address holds its token). `nosniff` is added to every
/// answer by `crate::security_headers`.
///
/// The pages' referrer policy is `same-origin`, not `no-referrer`: under `no-referrer` a
/// browser sends `Origin: null` with a form's POST, even to its own site, and the forms' CSRF
/// check (`session.rs`) rightly refuses that. Every other answer says `no-referrer`.
#[must_use]
pub fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_POLICY));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

/// A page holding one e-mail field: which template, under which heading (a text key), at
/// which address.
pub struct EmailForm {
    pub template: &'static str,
    pub h1: &'static str,
    pub path: &'static str,
}

impl EmailForm {
    /// The form with what was typed and its errors.
    #[must_use]
    pub fn page(
        &self,
        state: &AppState,
        lang: Lang,
        (csrf, email): (String, &str),
        errors: &views::FormErrors,
        status: StatusCode,
    ) -> Response {
        let page = views::email_form(lang, csrf, email, errors);
        let shell = Shell::new(lang, &[texts::tx(lang, self.h1)], self.path).errors(!errors.is_empty());
        respond(state, self.template, &shell, &page, status)
    }
}

/// Renders a page, or a plain failure page when the template fails (logged).
#[must_use]
pub fn respond(
    state: &AppState,
    template: &str,
    shell: &Shell,
    page: &impl Serialize,
    status: StatusCode,
) -> Response {
    match state.pages.render(template, shell, page) {
        Ok(body) => html(status, body),
        Err(e) => {
            tracing::error!(template, error = %e, "page rendering failed");
            html(
                StatusCode::INTERNAL_SERVER_ERROR,
                "<!doctype html><html lang=\"fr\"><title>Erreur</title><h1>Erreur</h1><p>Réessayez dans un instant.</p></html>"
                    .to_owned(),
            )
        }
    }
}

/// A page for an error, in the reader's language.
#[must_use]
pub fn error_page(state: &AppState, lang: Lang, here: &str, error: &PageError) -> Response {
    let (h1, paragraphs) = error.words(lang);
    let shell = Shell::new(lang, &[&h1], here);
    respond(state, "error.html", &shell, &views::MessagePage { h1: h1.clone(), paragraphs }, error.status())
}

/// The reader's language, and whether they chose it (a `?lang=` link or its cookie) rather
/// than their browser's preference.
#[derive(Clone, Copy, Debug)]
pub struct PageLang {
    pub lang: Lang,
    pub chosen: bool,
}

fn parse_lang(text: &str) -> Option<Lang> {
    match text {
        "fr" => Some(Lang::Fr),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// From the query's `lang`, else the `lang` cookie, else `Accept-Language`; and whether the
/// query set it (then the cookie is to be set).
fn resolve(query: Option<&str>, headers: &HeaderMap) -> (PageLang, bool) {
    let asked = query
        .unwrap_or_default()
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| parse_lang(v));
    if let Some(lang) = asked {
        return (PageLang { lang, chosen: true }, true);
    }
    if let Some(lang) = session::cookie(headers, "lang").and_then(parse_lang) {
        return (PageLang { lang, chosen: true }, false);
    }
    (PageLang { lang: Lang::of(headers), chosen: false }, false)
}

/// The reader's language for a request that has not been through the pages' middleware.
#[must_use]
pub fn lang_of(request: &Request) -> Lang {
    resolve(request.uri().query(), request.headers()).0.lang
}

/// Middleware of the pages: works out the language, keeps a `?lang=` choice in a cookie, and
/// renders a [`PageError`] as a page.
async fn language(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let (lang, from_query) = resolve(request.uri().query(), request.headers());
    let here = request.uri().path().to_owned();
    request.extensions_mut().insert(lang);
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions_mut().remove::<PageError>() {
        response = error_page(&state, lang.lang, &here, &error);
    }
    if from_query {
        let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", code(lang.lang));
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// Unknown addresses: a problem+json 404 under `/api/`, the 404 page elsewhere.
pub async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::not_found().into_response();
    }
    let (lang, _) = resolve(request.uri().query(), request.headers());
    error_page(&state, lang.lang, path, &PageError::NotFound)
}

/// The stylesheet: under its content hash, cached for a year; under its plain name, briefly.
async fn asset(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let cache = if file == state.pages.css_file {
        "public, max-age=31536000, immutable"
    } else if file == "style.css" {
        "public, max-age=300"
    } else {
        return PageError::NotFound.into_response();
    };
    let mut response = STYLESHEET.into_response();
    let h = response.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The pages' routes.
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(public::home))
        .route("/events/{slug}", get(public::event))
        .route("/events/{slug}/register", get(public::form).post(public::register))
        .route("/series/{slug}", get(public::series))
        .route("/lost-link", get(public::lost_link).post(public::lost_link_post))
        .route("/lost-link/sent", get(public::lost_link_sent))
        .route("/accessibility", get(public::accessibility))
        .route("/manage/{token}", get(manage::page))
        .route("/manage/{token}/confirmation", get(manage::confirmation))
        .route("/manage/{token}/choices", post(manage::choices))
        .route("/manage/{token}/details", post(manage::details))
        .route("/manage/{token}/cancel", get(manage::cancel_page).post(manage::cancel))
        .route("/assets/{file}", get(asset))
        .merge(organiser::router())
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), language))
}

/// A posted form, as pairs in their order (checkboxes repeat their name), that passed the
/// safety check of every page POST (see `session.rs`). As a handler's argument, it is read
/// and checked before anything else: a body that cannot be read is an empty form, which fails
/// the check.
pub struct Posted(Vec<(String, String)>);

impl FromRequest<AppState> for Posted {
    type Rejection = PageError;

    /// # Errors
    /// [`PageError::Forbidden`] when the check fails: nothing is done.
    async fn from_request(req: Request, state: &AppState) -> Result<Self, PageError> {
        let headers = req.headers().clone();
        let form = axum::Form::<Vec<(String, String)>>::from_request(req, state).await;
        let posted = Self(form.map(|axum::Form(pairs)| pairs).unwrap_or_default());
        if session::verify(&headers, posted.get(session::FIELD), &state.config.public_url) {
            Ok(posted)
        } else {
            Err(PageError::Forbidden)
        }
    }
}

impl Posted {
    /// The first value of a field.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first value of a field, or empty.
    #[must_use]
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_owned()
    }

    /// Every pair whose name passes `keep`.
    pub fn pairs(&self, keep: impl Fn(&str) -> bool) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().filter(move |(k, _)| keep(k)).map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether the hidden "website" field (a trap for robots) was filled.
    #[must_use]
    pub fn is_robot(&self) -> bool {
        self.get("website").is_some_and(|v| !v.trim().is_empty())
    }
}

/// A 303 to `location` (POST–redirect–GET).
#[must_use]
pub fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(axum::http::header::LOCATION, value);
    }
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Whether cookies should be marked `Secure` (the site is served over HTTPS).
#[must_use]
pub fn secure(state: &AppState) -> bool {
    state.config.public_url.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles_and_renders_in_both_languages() {
        let pages = Pages::load().unwrap();
        assert!(pages.css_href.starts_with("/assets/style-") && pages.css_href.ends_with(".css"));
    }
}
