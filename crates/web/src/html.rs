//! What the server-rendered pages (participant page, attendance sheet, API page) share.

/// Text made safe inside HTML content and double-quoted attribute values (every attribute
/// of our pages is double-quoted).
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape("<a href=\"x\">L'été & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;L'été &amp; co&lt;/a&gt;"
        );
    }
}
