//! A store that is the first pages of a bigger one: the agent gets `Window`, the port keeps the
//! pages after it for its own records (the enrollment answer).

use pyrite_agent_core::flash::{Flash, FlashError};

/// The first `page_count` pages of `inner`.
pub struct Window<F> {
    inner: F,
    page_count: usize,
}

impl<F: Flash> Window<F> {
    /// A view of `inner`'s pages `0..page_count` (clamped to what exists).
    pub fn new(inner: F, page_count: usize) -> Self {
        let page_count = page_count.min(inner.page_count());
        Window { inner, page_count }
    }

    fn check(&self, offset: usize, len: usize) -> Result<(), FlashError> {
        match offset.checked_add(len) {
            Some(end) if end <= self.capacity() => Ok(()),
            _ => Err(FlashError::OutOfBounds),
        }
    }
}

impl<F: Flash> Flash for Window<F> {
    fn page_size(&self) -> usize {
        self.inner.page_size()
    }

    fn page_count(&self) -> usize {
        self.page_count
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), FlashError> {
        self.check(offset, buf.len())?;
        self.inner.read(offset, buf)
    }

    fn erase_page(&mut self, page: usize) -> Result<(), FlashError> {
        if page >= self.page_count {
            return Err(FlashError::OutOfBounds);
        }
        self.inner.erase_page(page)
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), FlashError> {
        self.check(offset, data.len())?;
        self.inner.program(offset, data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyrite_agent_core::flash::RamFlash;

    #[test]
    fn pages_past_the_window_are_out_of_bounds() {
        let mut w = Window::new(RamFlash::new(128, 8), 7);
        assert_eq!(w.page_count(), 7);
        assert_eq!(w.capacity(), 7 * 128);
        assert_eq!(w.erase_page(7), Err(FlashError::OutOfBounds));
        assert_eq!(
            w.program(7 * 128 - 1, &[1, 2]),
            Err(FlashError::OutOfBounds)
        );
        let mut buf = [0u8; 4];
        assert_eq!(
            w.read(usize::MAX - 1, &mut buf),
            Err(FlashError::OutOfBounds)
        );
        w.erase_page(6).unwrap();
        w.program(6 * 128, &[1, 2, 3, 4]).unwrap();
        w.read(6 * 128, &mut buf).unwrap();
        assert_eq!(buf, [1, 2, 3, 4]);
    }
}
