//! The organisers' pages, behind a browser sign-in: the sign-in by a one-time link sent by
//! e-mail, signing out, the dashboard of one's events with their fill rates, and (admins) the
//! accounts and the open sessions, which an admin can end; the check-in of a session at the
//! door (made for a phone); the downloads (attendee lists, attendance sheets) through the
//! same functions as the JSON API's; an event's registrations as a table, one person's page
//! and the actions on their behalf (move, cancel, resend their link, export, erase);
//! registering someone on their behalf; writing to the registrants; the editor: creating and
//! changing events (preview, publish, close, copy) and their programmes (add, change, move,
//! cancel a session, after a confirmation page saying who is told); importing a programme
//! from a spreadsheet.
//!
//! Every page here but the sign-in pages takes [`auth::SignedIn`]: without a session the
//! browser is sent to the sign-in page. The JSON API keeps its bearer tokens and never reads
//! the session cookie.

pub mod auth;
mod checkin;
mod dashboard;
mod downloads;
mod editor;
pub mod editor_form;
mod editor_sessions;
pub mod editor_views;
mod import;
pub mod import_views;
mod messages;
mod on_behalf;
mod person;
pub mod person_views;
mod registrations;
mod sessions;
mod sign_in;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

/// The organisers' routes (under the pages' language middleware).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organiser", get(dashboard::page))
        .route("/organiser/sign-in", get(sign_in::form).post(sign_in::ask))
        .route("/organiser/sign-in/sent", get(sign_in::sent))
        .route("/organiser/sign-in/{token}", get(sign_in::confirm).post(sign_in::open))
        .route("/organiser/sign-out", post(sign_in::sign_out))
        .route("/organiser/signed-out", get(sign_in::signed_out))
        .route("/organiser/events/new", get(editor::new_form).post(editor::create))
        .route("/organiser/events/{slug}/edit", get(editor::edit_form).post(editor::update))
        .route("/organiser/events/{slug}/preview", get(editor::preview))
        .route("/organiser/events/{slug}/copy", get(editor::copy_form).post(editor::copy))
        // Publishing and closing: a confirmation page, then the action.
        .route("/organiser/events/{slug}/publish", get(editor::status_page).post(editor::status_post))
        .route("/organiser/events/{slug}/close", get(editor::status_page).post(editor::status_post))
        .route("/organiser/events/{slug}/programme", get(editor_sessions::programme))
        .route(
            "/organiser/events/{slug}/programme/new",
            get(editor_sessions::new_form).post(editor_sessions::add),
        )
        .route(
            "/organiser/events/{slug}/programme/{id}",
            get(editor_sessions::edit_form).post(editor_sessions::change),
        )
        .route(
            "/organiser/events/{slug}/programme/{id}/cancel",
            get(editor_sessions::cancel_confirm).post(editor_sessions::cancel),
        )
        .route("/organiser/sessions", get(sessions::page))
        .route("/organiser/sessions/{id}/revoke", post(sessions::revoke))
        .route("/organiser/accounts/{id}/token/revoke", post(sessions::revoke_token))
        .route("/organiser/accounts/{id}/token/new", post(sessions::new_token))
        .route("/organiser/events/{slug}/sessions/{id}/check-in", get(checkin::page))
        .route("/organiser/events/{slug}/sessions/{id}/check-in/{registration}", post(checkin::mark))
        .route("/organiser/events/{slug}/registrations", get(registrations::page))
        .route("/organiser/events/{slug}/registrations/{id}", get(person::page))
        .route("/organiser/events/{slug}/registrations/{id}/choices", post(person::choices))
        .route("/organiser/events/{slug}/registrations/{id}/resend-link", post(person::resend))
        .route("/organiser/events/{slug}/registrations/{id}/data.json", get(person::data))
        // `cancel` and `erase`: a confirmation page, then the action.
        .route("/organiser/events/{slug}/registrations/{id}/{action}", get(person::confirm).post(person::act))
        .route("/organiser/events/{slug}/register", get(on_behalf::form).post(on_behalf::register))
        .route("/organiser/events/{slug}/messages", get(messages::page).post(messages::post))
        .merge(import::router())
        // `attendees.csv` and `attendees.xlsx`.
        .route("/organiser/events/{slug}/{file}", get(downloads::attendee_list))
        .route("/organiser/events/{slug}/sessions/{id}/attendance-sheet", get(downloads::sheet))
}
