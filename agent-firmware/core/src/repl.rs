//! A remote REPL session: input lines waiting to run, output waiting for
//! flow-control credit, sequence numbers in both directions.

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;

use pyrite_protocol::limits::MAX_REPL_DATA;
use pyrite_protocol::messages::{REPL_WINDOW, ReplOut};

use crate::logs::cut;

/// Most output bytes held back while the server has not acknowledged.
pub const MAX_PENDING_OUTPUT: usize = 32 * 1024;

/// One open session.
#[derive(Debug)]
pub struct ReplSession {
    /// Session id chosen by the server.
    pub id: String,
    /// Next input `seq` expected (repeats are dropped).
    pub next_input_seq: u32,
    /// Complete lines not yet handed to the interpreter.
    pub lines: VecDeque<String>,
    /// Text of an input that is still incomplete (an open block).
    pub statement: String,
    /// Partial line (input without its newline yet).
    pub partial: String,
    /// Whether a compiled input is running.
    pub running: bool,
    /// The running input sleeps until then.
    pub sleeping_until: Option<u64>,
    /// Interrupt the running input before its next slice.
    pub interrupt: bool,
    /// When input last came (sessions idle for long are closed).
    pub last_input_ms: u64,
    next_output_seq: u32,
    acked_through: Option<u32>,
    pending: String,
    overflowed: bool,
}

impl ReplSession {
    /// A new session.
    pub fn new(id: String) -> Self {
        ReplSession {
            id,
            next_input_seq: 0,
            lines: VecDeque::new(),
            statement: String::new(),
            partial: String::new(),
            running: false,
            sleeping_until: None,
            interrupt: false,
            last_input_ms: 0,
            next_output_seq: 0,
            acked_through: None,
            pending: String::new(),
            overflowed: false,
        }
    }

    /// Accepts input `seq`; returns false for a repeat or a gap-free stale one.
    pub fn accept_input(&mut self, seq: u32, data: &str) -> bool {
        if seq < self.next_input_seq {
            return false;
        }
        self.next_input_seq = seq.wrapping_add(1);
        for ch in data.chars() {
            match ch {
                '\r' => {}
                '\n' => self.lines.push_back(core::mem::take(&mut self.partial)),
                c => self.partial.push(c),
            }
        }
        true
    }

    /// Drops queued input (after Ctrl-C).
    pub fn clear_input(&mut self) {
        self.lines.clear();
        self.statement.clear();
        self.partial.clear();
    }

    /// Queues output text for the server.
    pub fn write(&mut self, text: &str) {
        if self.pending.len() + text.len() > MAX_PENDING_OUTPUT {
            self.overflowed = true;
            return;
        }
        self.pending.push_str(text);
    }

    /// Records the server's acknowledgement.
    pub fn ack(&mut self, seq: u32) {
        if seq < self.next_output_seq {
            self.acked_through = Some(self.acked_through.map_or(seq, |a| a.max(seq)));
        }
    }

    /// Output messages allowed by the flow-control window, in order.
    pub fn take_output(&mut self) -> Vec<ReplOut> {
        let mut out = Vec::new();
        if self.overflowed && self.pending.len() + 40 <= MAX_PENDING_OUTPUT {
            self.pending
                .push_str("\n[output dropped: client too slow]\n");
            self.overflowed = false;
        }
        while !self.pending.is_empty() && self.in_flight() < REPL_WINDOW {
            let piece = String::from(cut(&self.pending, MAX_REPL_DATA));
            if piece.is_empty() {
                break;
            }
            self.pending.drain(..piece.len());
            out.push(ReplOut::Output {
                session: self.id.clone(),
                seq: self.next_output_seq,
                data: piece,
            });
            self.next_output_seq = self.next_output_seq.wrapping_add(1);
        }
        out
    }

    fn in_flight(&self) -> u32 {
        match self.acked_through {
            Some(a) => self.next_output_seq.saturating_sub(a + 1),
            None => self.next_output_seq,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_is_split_into_lines_and_repeats_dropped() {
        let mut s = ReplSession::new("s".into());
        assert!(s.accept_input(0, "x = 1\ny"));
        assert!(!s.accept_input(0, "again\n"));
        assert!(s.accept_input(1, " = 2\r\n"));
        assert_eq!(s.lines, ["x = 1", "y = 2"]);
    }

    #[test]
    fn output_respects_the_window_until_acked() {
        let mut s = ReplSession::new("s".into());
        for _ in 0..16 {
            s.write(&"a".repeat(MAX_REPL_DATA));
        }
        let first = s.take_output();
        assert_eq!(first.len(), REPL_WINDOW as usize);
        assert!(s.take_output().is_empty());
        s.ack(3);
        assert_eq!(s.take_output().len(), 4);
        s.ack(100); // acks beyond what was sent are ignored
        assert!(s.take_output().is_empty());
        s.ack(11);
        let rest = s.take_output();
        assert_eq!(rest.len(), 4);
        // More than the buffer holds: dropped, with a marker.
        for _ in 0..20 {
            s.write(&"b".repeat(MAX_REPL_DATA));
        }
        s.ack(15);
        let text: String = s
            .take_output()
            .into_iter()
            .map(|o| match o {
                ReplOut::Output { data, .. } => data,
                _ => String::new(),
            })
            .collect();
        assert!(
            !text.contains("output dropped"),
            "marker comes after what fit"
        );
        match &rest[0] {
            ReplOut::Output { seq, .. } => assert_eq!(*seq, 12),
            other => panic!("{other:?}"),
        }
    }
}
