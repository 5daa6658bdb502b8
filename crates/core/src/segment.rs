//! Segments map a text derived from a file (a markdown code block, the HCL a JSON file
//! stands for) back to the file's bytes, so that findings, errors and edits point into the
//! text the user gave.

use std::ops::Range;

/// A contiguous piece of a derived text copied from its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub unit_start: usize,
    pub file_start: usize,
    pub len: usize,
}

/// Maps a byte offset of the derived text to the byte offset in the file. An offset past
/// a segment's end stays at that end; with no segments the text is the file.
pub fn map_offset(segments: &[Segment], offset: usize) -> usize {
    let i = segments
        .partition_point(|s| s.unit_start <= offset)
        .saturating_sub(1);
    match segments.get(i) {
        Some(s) => s.file_start + (offset - s.unit_start).min(s.len),
        None => offset,
    }
}

/// Maps a byte range of the derived text to the file. An empty range at a segment's end
/// stays there rather than jumping to the next segment.
pub fn map_range(segments: &[Segment], range: &Range<usize>) -> Range<usize> {
    let start = map_offset(segments, range.start);
    let end = if range.is_empty() {
        start
    } else {
        map_offset(segments, range.end - 1) + 1
    };
    start..end.max(start)
}

/// Segments of a text derived from another: `inner` maps the derived text into the other,
/// `outer` maps the other into the file; the result maps the derived text into the file.
/// An inner segment that crosses outer segments (a JSON value spread over the lines of a
/// markdown list item) is cut where they are.
pub fn compose(inner: &[Segment], outer: &[Segment]) -> Vec<Segment> {
    let mut out = Vec::with_capacity(inner.len());
    for s in inner {
        if s.len == 0 {
            out.push(Segment {
                file_start: map_offset(outer, s.file_start),
                ..*s
            });
            continue;
        }
        let mut done = 0;
        while done < s.len {
            let at = s.file_start + done;
            let i = outer
                .partition_point(|o| o.unit_start <= at)
                .saturating_sub(1);
            let available = outer
                .get(i)
                .map_or(0, |o| (o.unit_start + o.len).saturating_sub(at));
            let take = if available == 0 {
                s.len - done
            } else {
                available.min(s.len - done)
            };
            out.push(Segment {
                unit_start: s.unit_start + done,
                file_start: map_offset(outer, at),
                len: take,
            });
            done += take;
        }
    }
    out
}
