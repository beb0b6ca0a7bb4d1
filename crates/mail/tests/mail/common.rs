//! Sample data and helpers shared by the tests.

use tisser_mail::{MessageData, SessionLine};

pub const MANAGE_URL: &str = "https://tisser.example.org/manage/k7Q2xW9pLm3vR8tZ";

pub fn session(title: &str, status: &str, position: Option<u32>) -> SessionLine {
    SessionLine {
        title: title.to_owned(),
        when: "mardi 23 avril 2024, 10 h 45 – 12 h 30 (heure de Paris)".to_owned(),
        room: Some("Salle Cap'Nobel".to_owned()),
        status: tisser_domain::ChoiceStatus::parse(status).expect("a choice status"),
        waitlist_position: position,
        join_url: Some("https://visio.example.org/j/42".to_owned()),
        replay_url: Some("https://replay.example.org/v/42".to_owned()),
    }
}

pub fn sample_data() -> MessageData {
    MessageData {
        first_name: "Hélène".to_owned(),
        event_title: "Journées Régionales du Partenariat en Santé".to_owned(),
        manage_url: MANAGE_URL.to_owned(),
        sessions: vec![
            session("Atelier A : le partenariat", "confirmed", None),
            session("Atelier B", "waitlisted", Some(3)),
            session("Dîner", "cancelled", None),
        ],
        custom_subject: Some("Parking & accès".to_owned()),
        custom_body: Some("Le parking est fermé.\r\nVenez en tram.\r\n\r\nMerci !".to_owned()),
    }
}

/// A small stack-based HTML checker: enough to catch unbalanced or badly nested tags, layout
/// tables and images, links without text. Returns the list of problems.
pub fn html_problems(html: &str) -> Vec<String> {
    const VOID: &[&str] = &["meta", "br", "hr", "img", "link", "input", "wbr"];
    const BLOCK: &[&str] = &["p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "div", "table"];
    let mut problems = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    let mut link_text = String::new();
    let mut in_link = false;
    while let Some(start) = rest.find('<') {
        if in_link {
            link_text.push_str(&rest[..start]);
        }
        rest = &rest[start..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            rest = &rest[end..];
            continue;
        }
        let Some(end) = rest.find('>') else {
            problems.push("unterminated tag".to_owned());
            break;
        };
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name == "table" || name == "img" {
            problems.push(format!("<{name}> is not wanted in these e-mails"));
        }
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if closing {
            match stack.pop() {
                Some(open) if open == name => {}
                Some(open) => problems.push(format!("</{name}> closes <{open}>")),
                None => problems.push(format!("</{name}> without an opening tag")),
            }
            if name == "a" {
                in_link = false;
                if link_text.trim().is_empty() {
                    problems.push("a link without text".to_owned());
                }
            }
        } else {
            if BLOCK.contains(&name.as_str()) && stack.last().is_some_and(|t| t == "p") {
                problems.push(format!("<{name}> inside <p>"));
            }
            if name == "li" && !stack.last().is_some_and(|t| t == "ul" || t == "ol") {
                problems.push("<li> outside a list".to_owned());
            }
            if name == "a" {
                if !tag.contains("href=\"") {
                    problems.push("a link without href".to_owned());
                }
                in_link = true;
                link_text.clear();
            }
            stack.push(name);
        }
    }
    if !stack.is_empty() {
        problems.push(format!("unclosed tags: {stack:?}"));
    }
    problems
}

#[test]
fn the_html_checker_catches_mistakes() {
    assert!(html_problems("<html><body><h1>T</h1><p>a<br>b</p><ul><li>x</li></ul></body></html>").is_empty());
    assert!(!html_problems("<p><ul><li>x</li></ul></p>").is_empty());
    assert!(!html_problems("<p>a</div>").is_empty());
    assert!(!html_problems("<h1>a").is_empty());
    assert!(!html_problems("<li>x</li>").is_empty());
    assert!(!html_problems("<p><a href=\"x\"> </a></p>").is_empty());
    assert!(!html_problems("<table><tr><td>x</td></tr></table>").is_empty());
}
