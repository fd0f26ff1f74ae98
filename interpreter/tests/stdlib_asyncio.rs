//! asyncio through the embedding API: while every task sleeps, `run` returns `Sleeping`
//! with the next timer's deadline (on the host's clock) instead of spinning, so an asyncio
//! program shares one thread with the embedder's own loop.

use pyrite::{Config, Host, Interpreter, RunOutcome};
use std::cell::Cell;
use std::rc::Rc;

struct FakeClock {
    now: Rc<Cell<u64>>,
    out: String,
}

impl Host for FakeClock {
    fn write_out(&mut self, text: &str) {
        self.out.push_str(text);
    }
    fn write_err(&mut self, text: &str) {
        self.out.push_str(text);
    }
    fn now_ms(&mut self) -> u64 {
        self.now.get()
    }
    fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> {
        None
    }
    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

const PROGRAM: &str = "
import asyncio, time
async def blink(name, ms, n):
    for i in range(n):
        print(name, i, time.ticks_ms())
        await asyncio.sleep_ms(ms)
async def main():
    await asyncio.gather(blink('a', 300, 2), blink('b', 500, 2))
    print('done', time.ticks_ms())
asyncio.run(main())
";

#[test]
fn sleeping_tasks_return_sleeping_with_the_next_deadline() {
    let now = Rc::new(Cell::new(1000));
    let host = FakeClock {
        now: now.clone(),
        out: String::new(),
    };
    let mut it = Interpreter::new(Config::default(), Box::new(host));
    it.start("main.py", PROGRAM).expect("compiles");
    let mut deadlines = Vec::new();
    let mut slices = 0;
    loop {
        slices += 1;
        assert!(slices < 1000, "the loop spins instead of sleeping");
        match it.run(1_000_000) {
            RunOutcome::Done => break,
            RunOutcome::Yielded => {}
            RunOutcome::Sleeping { until_ms } => {
                assert!(until_ms > now.get(), "a sleep must end in the future");
                deadlines.push(until_ms);
                // The embedder does its own work, then comes back at the deadline.
                now.set(until_ms);
            }
            RunOutcome::Error(e) => panic!("{}", e.traceback),
        }
    }
    // Timers at +300 (a), +500 (b), +600 (a's last), +1000 (b's last): each one Sleeping.
    assert_eq!(deadlines, vec![1300, 1500, 1600, 2000]);
    let out = &it
        .host_mut()
        .as_any()
        .downcast_mut::<FakeClock>()
        .unwrap()
        .out;
    assert_eq!(out, "a 0 1000\nb 0 1000\na 1 1300\nb 1 1500\ndone 2000\n");
}
