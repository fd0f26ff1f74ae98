//! Log lines (script output, tracebacks, agent events): rate-limited and
//! kept in a bounded buffer while offline, sent in batches when online.

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;

use pyrite_protocol::limits::{MAX_LOG_BATCH, MAX_LOG_LINE};
use pyrite_protocol::messages::{LogBatch, LogLevel, LogLine, LogSource};

/// Limits of a [`LogBuffer`].
#[derive(Debug, Clone, Copy)]
pub struct LogLimits {
    /// Most bytes of message text kept while waiting to be sent.
    pub max_bytes: usize,
    /// Lines allowed per second on average.
    pub lines_per_s: u32,
    /// Lines allowed in a burst.
    pub burst: u32,
}

impl Default for LogLimits {
    fn default() -> Self {
        LogLimits {
            max_bytes: 8 * 1024,
            lines_per_s: 20,
            burst: 50,
        }
    }
}

/// Bounded, rate-limited buffer of log lines.
#[derive(Debug)]
pub struct LogBuffer {
    limits: LogLimits,
    lines: VecDeque<LogLine>,
    bytes: usize,
    /// Token bucket, in thousandths of a line.
    tokens_milli: u64,
    refilled_at_ms: u64,
    dropped: u32,
    dropped_since_heartbeat: u32,
}

impl LogBuffer {
    /// An empty buffer.
    pub fn new(limits: LogLimits) -> Self {
        LogBuffer {
            limits,
            lines: VecDeque::new(),
            bytes: 0,
            tokens_milli: u64::from(limits.burst) * 1000,
            refilled_at_ms: 0,
            dropped: 0,
            dropped_since_heartbeat: 0,
        }
    }

    /// Adds a line (cut to the protocol's limit), unless the rate limit says
    /// no; when the buffer is full the oldest lines go first.
    pub fn push(&mut self, now_ms: u64, level: LogLevel, source: LogSource, msg: &str) {
        self.refill(now_ms);
        // Errors (tracebacks) bypass the rate limit: they are what matters most.
        if level != LogLevel::Error {
            if self.tokens_milli < 1000 {
                self.drop_lines(1);
                return;
            }
            self.tokens_milli -= 1000;
        }
        let msg = cut(msg.trim_end_matches(['\n', '\r']), MAX_LOG_LINE);
        if msg.len() > self.limits.max_bytes {
            self.drop_lines(1);
            return;
        }
        while self.bytes + msg.len() > self.limits.max_bytes {
            match self.lines.pop_front() {
                Some(old) => {
                    self.bytes -= old.msg.len();
                    self.drop_lines(1);
                }
                None => break,
            }
        }
        self.bytes += msg.len();
        self.lines.push_back(LogLine {
            t: now_ms,
            level,
            source,
            msg: String::from(msg),
        });
    }

    /// Adds multi-line text (script output) as one line per text line.
    pub fn push_text(&mut self, now_ms: u64, level: LogLevel, source: LogSource, text: &str) {
        for line in text.lines() {
            self.push(now_ms, level, source, line);
        }
    }

    /// Takes up to one batch of lines, or `None` when empty.
    pub fn take_batch(&mut self, now_ms: u64) -> Option<LogBatch> {
        if self.lines.is_empty() {
            return None;
        }
        let n = self.lines.len().min(MAX_LOG_BATCH);
        let lines: Vec<LogLine> = self.lines.drain(..n).collect();
        self.bytes -= lines.iter().map(|l| l.msg.len()).sum::<usize>();
        let dropped = core::mem::take(&mut self.dropped);
        Some(LogBatch {
            sent_at: now_ms,
            lines,
            dropped,
        })
    }

    /// Lines waiting.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether no line waits.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Lines dropped since the last call (for the heartbeat).
    pub fn take_dropped_for_heartbeat(&mut self) -> u32 {
        core::mem::take(&mut self.dropped_since_heartbeat)
    }

    fn drop_lines(&mut self, n: u32) {
        self.dropped = self.dropped.saturating_add(n);
        self.dropped_since_heartbeat = self.dropped_since_heartbeat.saturating_add(n);
    }

    fn refill(&mut self, now_ms: u64) {
        let elapsed = now_ms.saturating_sub(self.refilled_at_ms);
        self.refilled_at_ms = now_ms;
        let cap = u64::from(self.limits.burst) * 1000;
        self.tokens_milli =
            (self.tokens_milli + elapsed * u64::from(self.limits.lines_per_s)).min(cap);
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The longest suffix of `s` of at most `max` bytes that starts on a
/// character boundary (a traceback's end says the most).
pub fn cut_front(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut start = s.len() - max;
    while start < s.len() && !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_drops_and_counts_but_keeps_errors() {
        let mut b = LogBuffer::new(LogLimits {
            max_bytes: 10_000,
            lines_per_s: 10,
            burst: 5,
        });
        for i in 0..20 {
            b.push(
                0,
                LogLevel::Info,
                LogSource::Script,
                if i % 2 == 0 { "even" } else { "odd" },
            );
        }
        b.push(0, LogLevel::Error, LogSource::Script, "Traceback");
        assert_eq!(b.len(), 6);
        let batch = b.take_batch(1).unwrap();
        assert_eq!(batch.dropped, 15);
        assert_eq!(batch.lines.last().unwrap().msg, "Traceback");
        // A second later, 10 more lines are allowed.
        for _ in 0..12 {
            b.push(1000, LogLevel::Info, LogSource::Agent, "x");
        }
        assert_eq!(b.len(), 5, "the burst caps the bucket at 5");
        assert_eq!(b.take_dropped_for_heartbeat(), 22);
    }

    #[test]
    fn bounded_bytes_drop_the_oldest_and_batches_respect_the_protocol() {
        let mut b = LogBuffer::new(LogLimits {
            max_bytes: 100,
            lines_per_s: 1000,
            burst: 1000,
        });
        for i in 0..50 {
            b.push(i, LogLevel::Info, LogSource::Script, "0123456789");
        }
        assert_eq!(b.len(), 10);
        let batch = b.take_batch(99).unwrap();
        assert_eq!(batch.lines[0].t, 40);
        assert_eq!(batch.dropped, 40);
        assert!(b.take_batch(100).is_none());
        for i in 0..40 {
            b.push(200 + i, LogLevel::Info, LogSource::Script, "a");
        }
        assert_eq!(b.take_batch(300).unwrap().lines.len(), MAX_LOG_BATCH);
        let long = "é".repeat(MAX_LOG_LINE);
        b.push(400, LogLevel::Error, LogSource::Script, &long);
        assert!(b.take_batch(401).is_some());
    }
}
