//! Jittered exponential backoff for reconnecting (1 s doubling to 60 s,
//! ±25 %, as `PROTOCOL.md` §4 asks), so a fleet that lost its broker does not
//! reconnect in lockstep.

use std::time::Duration;

/// Backoff state of one connection.
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    max: Duration,
    attempt: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(Duration::from_secs(1), Duration::from_secs(60))
    }
}

impl Backoff {
    /// Starts at `base`, doubling up to `max`.
    pub fn new(base: Duration, max: Duration) -> Self {
        Backoff {
            base,
            max,
            attempt: 0,
        }
    }

    /// The delay before the next attempt (and counts the attempt).
    pub fn next_delay(&mut self) -> Duration {
        let exp = self.base.saturating_mul(1u32 << self.attempt.min(16));
        self.attempt = self.attempt.saturating_add(1);
        let capped = exp.min(self.max);
        let jitter: f64 = 0.75 + rand::random::<f64>() * 0.5;
        capped.mul_f64(jitter)
    }

    /// Back to the first delay (after a successful connection).
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_with_jitter_up_to_the_cap() {
        let mut b = Backoff::default();
        let d0 = b.next_delay();
        assert!(
            d0 >= Duration::from_millis(750) && d0 <= Duration::from_millis(1250),
            "{d0:?}"
        );
        let d1 = b.next_delay();
        assert!(
            d1 >= Duration::from_millis(1500) && d1 <= Duration::from_millis(2500),
            "{d1:?}"
        );
        for _ in 0..20 {
            let d = b.next_delay();
            assert!(d <= Duration::from_secs(75), "{d:?}");
        }
        assert!(b.next_delay() >= Duration::from_secs(45));
        b.reset();
        assert!(b.next_delay() <= Duration::from_millis(1250));
    }
}
