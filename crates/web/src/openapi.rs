//! The OpenAPI document, generated from the handlers' annotations, and a browsable page
//! rendered from it on the server (no script, no CDN: it works offline and in any browser).

use std::fmt::Write as _;

use axum::response::Html;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::AppState;
use crate::html::escape;
use crate::routes::{dejeuners, feeds, health, manage, organiser, public};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tisser",
        description = "Inscriptions et programmes des événements du Partenariat en Santé. \
                       Event registration and scheduling for the Partenariat en Santé network.",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        health::healthz,
        health::readyz,
        public::list_events,
        public::get_event,
        public::register,
        manage::show,
        manage::replace,
        manage::cancel,
        feeds::event_feed,
        feeds::series_feed,
        feeds::own_feed,
        dejeuners::series_page,
        dejeuners::clone_event,
        organiser::create_series,
        organiser::create_event,
        organiser::my_events,
        organiser::event_details,
        organiser::update_event,
        organiser::add_session,
        organiser::update_session,
        organiser::cancel_session,
        organiser::list_registrations,
        crate::routes::organiser_tools::exports::attendees_csv,
        crate::routes::organiser_tools::exports::attendees_xlsx,
        crate::routes::organiser_tools::attendance::attendance_sheet,
        crate::routes::organiser_tools::attendance::check_in,
        crate::routes::organiser_tools::attendance::undo_check_in,
        crate::routes::organiser_tools::stats::stats,
        crate::routes::organiser_tools::messages::send_message,
        crate::routes::organiser_tools::privacy::person_export,
        crate::routes::organiser_tools::privacy::erase,
        crate::routes::organiser_tools::audit::audit_log,
    ),
    modifiers(&BearerAuth, &BodyRefusals),
    tags(
        (name = "public", description = "Anyone: programmes and the registration form"),
        (name = "participant", description = "A participant, through the private link of their registration"),
        (name = "organizer", description = "Organisers, with a bearer token (`Authorization: Bearer <token>`) only. \
                The browser session cookie of the organisers' pages (`tisser_session`, from /organiser/sign-in) is \
                never accepted here: a request carrying only that cookie answers 401. (Simplest, and safe from \
                cross-site request forgery.)"),
        (name = "health", description = "Probes"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(
                            "An organiser's API token (`tisser organizer add` prints it). The session cookie of \
                             the organisers' pages is not accepted by the API.",
                        ))
                        .build(),
                ),
            );
        }
    }
}

/// Every operation that reads a body may also refuse it before its handler runs: `400`
/// (unreadable JSON), `413` (too large), `415` (not `application/json`), each a problem.
struct BodyRefusals;

impl Modify for BodyRefusals {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let refusals = [
            ("400", "Le corps n'est pas du JSON lisible. / The body is not readable JSON."),
            ("413", "Le corps est trop grand. / The body is too large."),
            ("415", "Le corps n'est pas du JSON (Content-Type). / The body is not JSON (Content-Type)."),
        ];
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
            for operation in operations.into_iter().flatten() {
                if operation.request_body.is_none() {
                    continue;
                }
                for (status, description) in refusals {
                    operation.responses.responses.entry(status.to_owned()).or_insert_with(|| {
                        ResponseBuilder::new()
                            .description(description)
                            .content(
                                "application/problem+json",
                                ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
                            )
                            .into()
                    });
                }
            }
        }
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(spec)).route("/api/v1/docs", get(page))
}

async fn spec() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

async fn page() -> Html<String> {
    let doc = ApiDoc::openapi();
    let spec = serde_json::to_value(&doc).unwrap_or_default();
    let mut html = String::from(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Tisser — API</title><style>\
         body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}\
         code{background:#f2f2f2;padding:0 .25rem}section{border-top:1px solid #ccc;padding:.5rem 0}\
         .m{font-weight:bold;text-transform:uppercase;display:inline-block;min-width:4.5rem}\
         details{margin:.25rem 0}pre{background:#f7f7f7;padding:.5rem;overflow:auto}\
         </style></head><body><main>",
    );
    let _ = write!(
        html,
        "<h1>Tisser — API v1</h1><p>{}</p><p>Document OpenAPI : <a href=\"/api/v1/openapi.json\"><code>/api/v1/openapi.json</code></a></p>",
        escape(doc.info.description.as_deref().unwrap_or_default())
    );
    if let Some(paths) = spec.get("paths").and_then(|p| p.as_object()) {
        for (path, item) in paths {
            let Some(ops) = item.as_object() else { continue };
            for (method, op) in ops {
                let summary = op.get("summary").and_then(|s| s.as_str()).unwrap_or_default();
                let description = op.get("description").and_then(|s| s.as_str()).unwrap_or_default();
                let tags = op.get("tags").map(ToString::to_string).unwrap_or_default();
                let _ = write!(
                    html,
                    "<section><h2><span class=\"m\">{}</span> <code>{}</code></h2><p>{}</p><p>{}</p><p>Tags : {}</p>",
                    escape(method),
                    escape(path),
                    escape(summary),
                    escape(description),
                    escape(&tags)
                );
                let _ = write!(
                    html,
                    "<details><summary>Détails (paramètres, corps, réponses)</summary><pre>{}</pre></details></section>",
                    escape(&serde_json::to_string_pretty(op).unwrap_or_default())
                );
            }
        }
    }
    if let Some(schemas) = spec.pointer("/components/schemas").and_then(|s| s.as_object()) {
        html.push_str("<h2>Schémas</h2>");
        for (name, schema) in schemas {
            let _ = write!(
                html,
                "<details id=\"{0}\"><summary><code>{0}</code></summary><pre>{1}</pre></details>",
                escape(name),
                escape(&serde_json::to_string_pretty(schema).unwrap_or_default())
            );
        }
    }
    html.push_str("</main></body></html>");
    Html(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_lists_every_route_of_the_contract() {
        let spec = serde_json::to_value(ApiDoc::openapi()).unwrap();
        for path in [
            "/healthz",
            "/readyz",
            "/api/v1/events",
            "/api/v1/events/{slug}",
            "/api/v1/events/{slug}/registrations",
            "/api/v1/manage/{token}",
            "/api/v1/manage/{token}/sessions",
            "/api/v1/series",
            "/api/v1/events/{slug}/sessions",
            "/api/v1/events/{slug}/sessions/{id}",
        ] {
            assert!(spec["paths"].get(path).is_some(), "{path} missing from the OpenAPI document");
        }
        assert!(spec["components"]["schemas"].get("RegistrationRequest").is_some());
    }
}
