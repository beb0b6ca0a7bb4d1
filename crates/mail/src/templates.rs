//! Message kinds, the data templates receive, and the template set itself.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, Output, State, UndefinedBehavior, Value, context};
use serde::{Deserialize, Serialize};
use tisser_domain::{ChoiceStatus, Language};

use crate::MailError;

pub use tisser_domain::notice::NoticeKind as MessageKind;

/// Everything a template may use; plain data built by the caller.
///
/// Times are already formatted for the reader by the caller (e.g. `"mardi 23 avril 2024,
/// 10 h 45 – 12 h 30 (heure de Paris)"`). `Debug` does not print personal data.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageData {
    pub first_name: String,
    pub event_title: String,
    /// The participant's private link (manage token). Every message shows it.
    pub manage_url: String,
    /// The sessions concerned by this message.
    pub sessions: Vec<SessionLine>,
    /// `organiser_message` only: the organiser's subject (one line; line breaks are removed).
    pub custom_subject: Option<String>,
    /// `organiser_message` only: the organiser's text. Blank lines separate paragraphs.
    pub custom_body: Option<String>,
}

impl fmt::Debug for MessageData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageData")
            .field("event_title", &self.event_title)
            .field("sessions", &self.sessions)
            .field("custom_subject", &self.custom_subject.as_ref().map(|_| ".."))
            .field("custom_body", &self.custom_body.as_ref().map(|_| ".."))
            .finish_non_exhaustive()
    }
}

/// One session as a message shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLine {
    pub title: String,
    /// Already formatted for the reader, time zone included.
    pub when: String,
    pub room: Option<String>,
    /// Seat, place in line or given up (templates see `"confirmed"`, `"waitlisted"`,
    /// `"cancelled"`).
    pub status: ChoiceStatus,
    /// Place in line (1 = next) when waitlisted.
    pub waitlist_position: Option<u32>,
    /// Join link of an online session (only for registrants).
    pub join_url: Option<String>,
    /// Link to the recording.
    pub replay_url: Option<String>,
}

/// A rendered message: a one-line subject, a plain-text body and an HTML body.
#[derive(Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendered")
            .field("subject_len", &self.subject.len())
            .field("text_len", &self.text.len())
            .field("html_len", &self.html.len())
            .finish()
    }
}

/// The three parts of a message, as template file names.
const PARTS: [&str; 3] = ["subject.txt", "body.txt", "body.html"];

/// The file name of one part of one kind in one language, relative to the template directory.
fn template_name(kind: MessageKind, lang: Language, part: &str) -> String {
    format!("{}/{}/{part}", kind.as_str(), lang.as_str())
}

macro_rules! embed {
    (shared: [$($shared:literal),* $(,)?], kinds: [$($kind:literal),* $(,)?]) => {
        &[
            $(($shared, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../mail-templates/", $shared))),)*
            $(
                embed!(@one $kind, "fr", "subject.txt"),
                embed!(@one $kind, "fr", "body.txt"),
                embed!(@one $kind, "fr", "body.html"),
                embed!(@one $kind, "en", "subject.txt"),
                embed!(@one $kind, "en", "body.txt"),
                embed!(@one $kind, "en", "body.html"),
            )*
        ]
    };
    (@one $kind:literal, $lang:literal, $part:literal) => {
        (
            concat!($kind, "/", $lang, "/", $part),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"), "/../../mail-templates/", $kind, "/", $lang, "/", $part
            )),
        )
    };
}

/// Every template shipped with Tisser, embedded at compile time: (name, source).
pub(crate) const EMBEDDED: &[(&str, &str)] = embed!(
    shared: [
        "_layout/fr/base.html",
        "_layout/fr/base.txt",
        "_layout/en/base.html",
        "_layout/en/base.txt",
        "_partials/fr/sessions.html",
        "_partials/fr/sessions.txt",
        "_partials/en/sessions.html",
        "_partials/en/sessions.txt",
    ],
    kinds: [
        "registration_confirmed",
        "waitlisted",
        "promoted",
        "choices_changed",
        "registration_cancelled",
        "link_resent",
        "session_changed",
        "session_cancelled",
        "replay_available",
        "reminder",
        "organizer_message",
        "organiser_sign_in",
    ]
);

/// The compiled template set. Build it once at start-up with [`Templates::load`] and share it
/// (it is `Send + Sync`).
pub struct Templates {
    env: Environment<'static>,
    overridden: Vec<String>,
}

impl fmt::Debug for Templates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Templates").field("overridden", &self.overridden).finish_non_exhaustive()
    }
}

impl Templates {
    /// Compiles the embedded templates, each replaced by the file of the same relative name in
    /// `dir` when there is one (e.g. `dir/waitlisted/fr/body.html`). Other `.txt` and `.html`
    /// files in `dir` are added too, so an override may include a partial of its own.
    ///
    /// Every message kind is then test-rendered in every language with sample data, and must
    /// show the private link in both bodies: a broken template fails here, not at send time.
    ///
    /// # Errors
    /// [`MailError::TemplateDir`] when `dir` cannot be read; [`MailError::TemplateLoad`],
    /// naming the file, when a template does not compile or does not render.
    pub fn load(dir: Option<&Path>) -> Result<Self, MailError> {
        let mut sources: BTreeMap<String, String> =
            EMBEDDED.iter().map(|(name, source)| ((*name).to_owned(), (*source).to_owned())).collect();
        let mut overridden = Vec::new();
        if let Some(dir) = dir {
            let mut found = Vec::new();
            collect_files(dir, dir, 0, &mut found)?;
            for (name, path) in found {
                let source = std::fs::read_to_string(&path)
                    .map_err(|source| MailError::TemplateDir { path: path.clone(), source })?;
                sources.insert(name.clone(), source);
                overridden.push(name);
            }
        }

        let mut env = new_environment();
        for (name, source) in sources {
            env.add_template_owned(name.clone(), source).map_err(|err| MailError::TemplateLoad {
                file: err.name().unwrap_or(&name).to_owned(),
                detail: err.to_string(),
            })?;
        }
        let templates = Self { env, overridden };
        templates.check()?;
        Ok(templates)
    }

    /// Names (relative to the override directory) of the templates that came from it, for the
    /// caller to log at start-up.
    #[must_use]
    pub fn overridden(&self) -> &[String] {
        &self.overridden
    }

    /// Renders one message.
    ///
    /// # Errors
    /// [`MailError::Render`] if a template fails on this data (its `Display` never contains
    /// the data itself).
    pub fn render(
        &self,
        kind: MessageKind,
        lang: Language,
        data: &MessageData,
    ) -> Result<Rendered, MailError> {
        self.render_inner(kind, lang, data).map_err(|(file, err)| MailError::Render {
            detail: match err.line() {
                Some(line) => format!("{} (line {line})", err.kind()),
                None => err.kind().to_string(),
            },
            file: err.name().map_or(file, str::to_owned),
        })
    }

    fn render_inner(
        &self,
        kind: MessageKind,
        lang: Language,
        data: &MessageData,
    ) -> Result<Rendered, (String, minijinja::Error)> {
        let ctx = context! {
            lang => lang.as_str(),
            kind => kind.as_str(),
            custom_paragraphs => data.custom_body.as_deref().map(paragraphs).unwrap_or_default(),
            ..Value::from(minijinja::value::Serde(data))
        };
        let render = |part: &str| {
            let name = template_name(kind, lang, part);
            self.env.get_template(&name).and_then(|t| t.render(&ctx)).map_err(|err| (name, err))
        };
        let subject = one_line(&render("subject.txt")?);
        let mut text = render("body.txt")?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let mut html = render("body.html")?;
        if !html.ends_with('\n') {
            html.push('\n');
        }
        Ok(Rendered { subject, text, html })
    }

    /// Test-renders every kind in every language with sample data.
    fn check(&self) -> Result<(), MailError> {
        for sample in samples() {
            for &kind in MessageKind::ALL {
                for &lang in Language::ALL {
                    let rendered = self.render_inner(kind, lang, &sample).map_err(|(file, err)| {
                        MailError::TemplateLoad {
                            file: err.name().map_or(file, str::to_owned),
                            detail: err.to_string(),
                        }
                    })?;
                    let broken = |part: &str, detail: &str| MailError::TemplateLoad {
                        file: template_name(kind, lang, part),
                        detail: detail.to_owned(),
                    };
                    if rendered.subject.is_empty() {
                        return Err(broken(PARTS[0], "the subject renders empty"));
                    }
                    if !rendered.text.contains(&sample.manage_url) {
                        return Err(broken(PARTS[1], "the private link (manage_url) is missing"));
                    }
                    if !rendered.html.contains(&sample.manage_url) {
                        return Err(broken(PARTS[2], "the private link (manage_url) is missing"));
                    }
                }
            }
        }
        Ok(())
    }
}

/// The environment every template is compiled in: blocks trimmed, strict about undefined
/// variables (a typo fails the start-up check), HTML auto-escaping for `.html` only.
fn new_environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Infallible: the default delimiters with two whitespace flags.
    if let Ok(syntax) =
        minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build()
    {
        env.set_syntax(syntax);
    }
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(
        |name| {
            if name.ends_with(".html") { AutoEscape::Html } else { AutoEscape::None }
        },
    );
    env.set_formatter(format_value);
    env
}

/// Writes a value: `none` as nothing, and in HTML escapes `& < > " '` only — the default
/// escaper also turns `/` into `&#x2f;`, which makes every link and address unreadable in the
/// HTML source and in clients that show it.
fn format_value(out: &mut Output, state: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    if value.is_none() {
        return Ok(());
    }
    if matches!(state.auto_escape(), AutoEscape::Html)
        && !value.is_safe()
        && let Some(text) = value.as_str()
    {
        return out.write_str(&escape_html(text)).map_err(minijinja::Error::from);
    }
    minijinja::escape_formatter(out, state, value)
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A subject on one line: line breaks and other control characters become spaces, runs of
/// white space collapse.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A free text split into paragraphs (blank lines) of lines, for the HTML part.
fn paragraphs(text: &str) -> Vec<Vec<String>> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut paragraphs = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.to_owned());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// Files under `dir` that may be templates, as (name relative to `root` with `/`, path).
fn collect_files(
    root: &Path,
    dir: &Path,
    depth: usize,
    found: &mut Vec<(String, PathBuf)>,
) -> Result<(), MailError> {
    const MAX_DEPTH: usize = 4;
    let io_err = |source| MailError::TemplateDir { path: dir.to_path_buf(), source };
    let mut entries =
        std::fs::read_dir(dir).map_err(io_err)?.collect::<Result<Vec<_>, _>>().map_err(io_err)?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let file_type = entry.file_type().map_err(io_err)?;
        if file_type.is_dir() {
            if depth < MAX_DEPTH {
                collect_files(root, &path, depth + 1, found)?;
            }
            continue;
        }
        let is_template = path.extension().is_some_and(|ext| ext == "txt" || ext == "html");
        if !is_template {
            continue;
        }
        let Ok(relative) = path.strip_prefix(root) else { continue };
        let name = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        found.push((name, path));
    }
    Ok(())
}

/// Data the start-up check renders every template with: one message full of optional
/// values, one nearly empty.
fn samples() -> Vec<MessageData> {
    let line = |status: ChoiceStatus, position: Option<u32>| SessionLine {
        title: "Atelier A".to_owned(),
        when: "mardi 23 avril 2024, 10 h 45 – 12 h 30 (heure de Paris)".to_owned(),
        room: Some("Salle 1".to_owned()),
        status,
        waitlist_position: position,
        join_url: Some("https://visio.example.org/join/sample".to_owned()),
        replay_url: Some("https://replay.example.org/sample".to_owned()),
    };
    vec![
        MessageData {
            first_name: "Camille".to_owned(),
            event_title: "Journées Régionales".to_owned(),
            manage_url: "https://tisser.example.org/manage/SAMPLE-TOKEN".to_owned(),
            sessions: vec![
                line(ChoiceStatus::Confirmed, None),
                line(ChoiceStatus::Waitlisted, Some(2)),
                line(ChoiceStatus::Cancelled, None),
            ],
            custom_subject: Some("Sujet".to_owned()),
            custom_body: Some("Bonjour,\n\nUn message.\nSur deux lignes.".to_owned()),
        },
        MessageData {
            first_name: String::new(),
            event_title: "E".to_owned(),
            manage_url: "https://tisser.example.org/manage/SAMPLE-TOKEN-2".to_owned(),
            sessions: vec![SessionLine {
                title: "T".to_owned(),
                when: "w".to_owned(),
                room: None,
                status: ChoiceStatus::Waitlisted,
                waitlist_position: None,
                join_url: None,
                replay_url: None,
            }],
            custom_subject: None,
            custom_body: None,
        },
        MessageData {
            first_name: "A".to_owned(),
            event_title: "E".to_owned(),
            manage_url: "https://tisser.example.org/manage/SAMPLE-TOKEN-3".to_owned(),
            sessions: Vec::new(),
            custom_subject: None,
            custom_body: None,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `mail-templates/` is embedded, and every embedded name exists there.
    #[test]
    fn the_embedded_table_matches_the_template_directory() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../mail-templates");
        let mut found = Vec::new();
        collect_files(&root, &root, 0, &mut found).unwrap();
        let on_disk: Vec<&str> = found.iter().map(|(name, _)| name.as_str()).collect();
        let mut embedded: Vec<&str> = EMBEDDED.iter().map(|(name, _)| *name).collect();
        embedded.sort_unstable();
        assert_eq!(on_disk, embedded);
        for &kind in MessageKind::ALL {
            for &lang in Language::ALL {
                for part in PARTS {
                    let name = template_name(kind, lang, part);
                    assert!(embedded.contains(&name.as_str()), "{name} is not embedded");
                }
            }
        }
    }

    #[test]
    fn templates_can_be_shared_between_tasks() {
        fn send_sync<T: Send + Sync + 'static>() {}
        send_sync::<Templates>();
        send_sync::<MessageData>();
    }

    #[test]
    fn subjects_are_one_line() {
        assert_eq!(one_line("  Rappel :\r\n  demain\tà 10 h\n"), "Rappel : demain à 10 h");
        assert_eq!(one_line("a\u{0}b\u{7f}c"), "a b c");
    }

    #[test]
    fn free_text_is_split_into_paragraphs_of_lines() {
        assert_eq!(
            paragraphs("Un\r\ndeux  \r\n\r\n \r\nTrois\n"),
            vec![vec!["Un".to_owned(), "deux".to_owned()], vec!["Trois".to_owned()]]
        );
        assert!(paragraphs("\n \n").is_empty());
    }

    #[test]
    fn html_escaping_keeps_slashes() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a> https://e.org/p"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; https://e.org/p"
        );
    }
}
