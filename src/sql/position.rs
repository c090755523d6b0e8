//! Positions in sqlparser's messages and spans (1-based lines, 1-based
//! character columns) turned into byte offsets of the text it parsed.

/// sqlparser appends " at Line: L, Column: C" to its messages.
pub(crate) fn split_location(message: &str) -> (String, Option<(u64, u64)>) {
    let Some(at) = message.rfind(" at Line: ") else {
        return (message.to_string(), None);
    };
    let tail = &message[at + " at Line: ".len()..];
    let mut parts = tail.split(", Column: ");
    let line = parts.next().and_then(|l| l.trim().parse().ok());
    let column = parts.next().and_then(|c| c.trim().parse().ok());
    match (line, column) {
        (Some(l), Some(c)) => (message[..at].to_string(), Some((l, c))),
        _ => (message.to_string(), None),
    }
}

/// Byte offset of a 1-based line and 1-based character column.
pub(crate) fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 + 1 == line {
            let chars = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
            return offset
                + l.char_indices()
                    .nth(chars)
                    .map_or(l.trim_end_matches('\n').len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}
