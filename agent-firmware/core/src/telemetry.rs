//! Values scripts publish with `fleet.publish`, batched per series and
//! bounded while offline.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use pyrite_protocol::limits::MAX_TELEMETRY_POINTS;
use pyrite_protocol::messages::{Series, TelemetryBatch, valid_metric_name};

/// Buffered telemetry points, at most one batch's worth.
#[derive(Debug, Default)]
pub struct TelemetryBuffer {
    series: BTreeMap<String, Vec<(u64, f64)>>,
    points: usize,
    dropped: u32,
}

/// Why a point was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TelemetryRefusal {
    /// The name is not `[A-Za-z0-9_.-]{1,64}`.
    BadName,
    /// The value is NaN or infinite.
    NotFinite,
}

impl TelemetryBuffer {
    /// Adds a point; when full, the oldest point of the largest series goes.
    pub fn push(&mut self, name: &str, at_ms: u64, value: f64) -> Result<(), TelemetryRefusal> {
        if !valid_metric_name(name) {
            return Err(TelemetryRefusal::BadName);
        }
        if !value.is_finite() {
            return Err(TelemetryRefusal::NotFinite);
        }
        if self.points >= MAX_TELEMETRY_POINTS {
            let largest = self
                .series
                .iter_mut()
                .max_by_key(|(_, p)| p.len())
                .map(|(_, p)| p);
            if let Some(points) = largest {
                points.remove(0);
                self.points -= 1;
                self.dropped = self.dropped.saturating_add(1);
            }
        }
        self.series
            .entry(String::from(name))
            .or_default()
            .push((at_ms, value));
        self.points += 1;
        Ok(())
    }

    /// Points waiting.
    pub fn len(&self) -> usize {
        self.points
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.points == 0
    }

    /// Whether a batch is full and should go now.
    pub fn is_full(&self) -> bool {
        self.points >= MAX_TELEMETRY_POINTS
    }

    /// Points dropped since the last call.
    pub fn take_dropped(&mut self) -> u32 {
        core::mem::take(&mut self.dropped)
    }

    /// Takes everything as one batch (always within the protocol's limit).
    pub fn take_batch(&mut self, now_ms: u64) -> Option<TelemetryBatch> {
        if self.points == 0 {
            return None;
        }
        self.points = 0;
        let series = core::mem::take(&mut self.series)
            .into_iter()
            .filter(|(_, p)| !p.is_empty())
            .map(|(name, points)| Series { name, points })
            .collect();
        Some(TelemetryBatch {
            sent_at: now_ms,
            series,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyrite_protocol::messages::Message;

    #[test]
    fn batches_by_series_and_bounds_points() {
        let mut t = TelemetryBuffer::default();
        assert_eq!(t.push("bad name", 0, 1.0), Err(TelemetryRefusal::BadName));
        assert_eq!(t.push("x", 0, f64::NAN), Err(TelemetryRefusal::NotFinite));
        for i in 0..400u64 {
            t.push(if i % 4 == 0 { "a" } else { "temp.c" }, i, i as f64)
                .unwrap();
        }
        assert!(t.is_full());
        assert_eq!(t.take_dropped(), 400 - MAX_TELEMETRY_POINTS as u32);
        let batch = t.take_batch(500).unwrap();
        batch.validate().unwrap();
        assert_eq!(batch.series.len(), 2);
        assert!(t.take_batch(501).is_none());
    }
}
