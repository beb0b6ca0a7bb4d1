//! An event's registrations, as a table: searched by name or e-mail (`?q=`), filtered by
//! session and status (`?session=&status=`), sorted by name or date (`?sort=`), 50 to a page
//! (`?page=`). The list comes from the store's `registration_list`, which writes its audit
//! line.

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tisser_domain::{ChoiceStatus, SessionId};
use tisser_persistence::RegistrationFilter;
use uuid::Uuid;

use super::auth::SignedIn;
use super::views::{Bar, RegistrationsPage, Shown};
use crate::AppState;
use crate::pages::texts::tx;
use crate::pages::{PageError, PageLang, Shell, respond, secure};
use crate::session;

pub async fn page(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
    Query(asked): Query<Asked>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = lang.lang;
    let me = &signed_in.organiser;
    let event = signed_in.event(&state, &slug).await?;
    let programme = state.store.programme(event.event.id).await?;
    let session = match asked.session.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(id) => {
            let id = Uuid::parse_str(id).map(SessionId).map_err(|_| PageError::NotFound)?;
            Some(programme.iter().find(|s| s.id == id).ok_or(PageError::NotFound)?.id)
        }
    };
    let status = asked.status.as_deref().and_then(ChoiceStatus::parse);
    let filter = RegistrationFilter { session, status };
    let records = state.store.registration_list(event.event.id, filter, me.id, state.now()).await?;
    let shown = Shown {
        q: asked.q.unwrap_or_default().trim().to_owned(),
        session,
        status,
        by_date: asked.sort.as_deref() == Some("date"),
        page: asked.page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(1),
    };
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let bar = Bar::new(&me.name, &me.email, me.role, csrf, lang);
    let page = RegistrationsPage::new(bar, &event, &programme, records, &shown, lang);
    let shell = Shell::new(lang, &[tx(lang, "org_reg_h1"), &event.event.title], page.here.clone());
    let mut response = respond(&state, "organiser/registrations.html", &shell, &page, StatusCode::OK);
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// What the table is asked to show; whatever cannot be read is left out.
#[derive(serde::Deserialize)]
pub struct Asked {
    q: Option<String>,
    session: Option<String>,
    status: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}
