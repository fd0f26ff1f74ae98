//! The [`ScriptEngine`] over the Pyrite interpreter, and the modules the
//! agent gives scripts: `fleet` (telemetry, logs, identity, configuration)
//! and MicroPython's `machine` (the interpreter's own module, over the port's
//! [`Hal`]: pins, ADC, PWM, I2C, SPI, UART, timers with IRQ handlers, ...).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use pyrite::machine::MachineHost;
use pyrite::{
    Config, Host, Interpreter, InterruptHandle, NativeCtx, NativeError, NativeModule, NativeValue,
    RunOutcome, Value,
};

use crate::engine::{EngineFactory, ReplInput, ScriptEngine, ScriptError, ScriptIo, SliceOutcome};
use crate::hal::Hal;

/// What the interpreter's host holds: the agent's I/O state and the hardware.
pub struct AgentHost {
    /// Output, published values, identity, files.
    pub io: ScriptIo,
    /// The device's hardware.
    pub hal: Box<dyn Hal>,
}

impl Host for AgentHost {
    fn write_out(&mut self, text: &str) {
        self.io.write_output(text);
    }

    fn write_err(&mut self, text: &str) {
        self.io.write_output(text);
    }

    fn now_ms(&mut self) -> u64 {
        self.io.now_ms
    }

    fn time_s(&mut self) -> f64 {
        if self.io.unix_time_s > 0.0 {
            self.io.unix_time_s + (self.io.now_ms % 1000) as f64 / 1000.0
        } else {
            self.io.now_ms as f64 / 1000.0
        }
    }

    fn read_file(&mut self, path: &str) -> Option<Vec<u8>> {
        let path = path.trim_start_matches("./").trim_start_matches('/');
        self.io.files.get(path).cloned()
    }

    fn poll_irq(&mut self) -> Option<(u32, i64)> {
        // Pin edges and timer expiries become `machine`'s scheduled handlers.
        pyrite::machine::poll_irq(&mut *self.hal, self.io.now_ms)
    }

    fn as_any(&mut self) -> &mut dyn core::any::Any {
        self
    }
}

impl MachineHost for AgentHost {
    fn hal(&mut self) -> &mut dyn Hal {
        &mut *self.hal
    }
}

/// One interpreter running one app.
pub struct PyriteEngine {
    interpreter: Interpreter,
    interrupt: InterruptHandle,
    /// Used only if the host could not be reached (never expected).
    spare_io: ScriptIo,
}

fn to_script_error(e: pyrite::PyException) -> ScriptError {
    ScriptError {
        type_name: e.type_name,
        message: e.message,
        traceback: e.traceback,
    }
}

fn to_outcome(o: RunOutcome) -> SliceOutcome {
    match o {
        RunOutcome::Done => SliceOutcome::Done,
        RunOutcome::Error(e) => SliceOutcome::Error(to_script_error(e)),
        RunOutcome::Yielded => SliceOutcome::Yielded,
        RunOutcome::Sleeping { until_ms } => SliceOutcome::Sleeping { until_ms },
    }
}

impl PyriteEngine {
    /// An interpreter with `heap_bytes` of heap, the `fleet` and `machine` modules, and `io`.
    pub fn new(io: ScriptIo, hal: Box<dyn Hal>, heap_bytes: usize) -> Self {
        let host = AgentHost { io, hal };
        let mut interpreter = Interpreter::new(
            Config {
                heap_bytes,
                max_depth: 64,
            },
            Box::new(host),
        );
        interpreter.register_module(fleet_module());
        interpreter.register_module(pyrite::machine::native_module::<AgentHost>());
        let interrupt = interpreter.interrupt_handle();
        PyriteEngine {
            interpreter,
            interrupt,
            spare_io: ScriptIo::default(),
        }
    }

    /// The interpreter, for ports that need more than the engine trait.
    pub fn interpreter_mut(&mut self) -> &mut Interpreter {
        &mut self.interpreter
    }
}

impl ScriptEngine for PyriteEngine {
    fn start(&mut self, filename: &str, source: &str) -> Result<(), ScriptError> {
        self.interpreter
            .start(filename, source)
            .map_err(to_script_error)
    }

    fn run(&mut self, budget: u32) -> SliceOutcome {
        to_outcome(self.interpreter.run(budget))
    }

    fn start_repl(&mut self, source: &str) -> Result<ReplInput, ScriptError> {
        match self.interpreter.start_repl(source) {
            Ok(pyrite::ReplInput::Ready) => Ok(ReplInput::Complete),
            Ok(pyrite::ReplInput::Incomplete) => Ok(ReplInput::Incomplete),
            Err(e) => Err(to_script_error(e)),
        }
    }

    fn run_repl(&mut self, budget: u32) -> SliceOutcome {
        to_outcome(self.interpreter.run_repl(budget))
    }

    fn interrupt(&mut self) {
        self.interrupt.interrupt();
    }

    fn free_heap(&mut self) -> usize {
        self.interpreter.heap_stats().free
    }

    fn next_event_ms(&mut self) -> Option<u64> {
        self.interpreter
            .host_mut()
            .as_any()
            .downcast_mut::<AgentHost>()
            .and_then(|h| h.hal.next_event_ms())
    }

    fn io(&mut self) -> &mut ScriptIo {
        match self
            .interpreter
            .host_mut()
            .as_any()
            .downcast_mut::<AgentHost>()
        {
            Some(host) => &mut host.io,
            None => &mut self.spare_io,
        }
    }
}

/// Makes [`PyriteEngine`]s, each with a fresh copy of the board as it was at boot (an app
/// restart does not inherit the previous run's timers and IRQ handlers).
pub struct PyriteEngineFactory<H> {
    hal: H,
    heap_bytes: usize,
}

impl<H: Hal + Clone + 'static> PyriteEngineFactory<H> {
    /// Engines with `heap_bytes` of heap each, reaching `hal`.
    pub fn new(hal: H, heap_bytes: usize) -> Self {
        PyriteEngineFactory { hal, heap_bytes }
    }
}

impl<H: Hal + Clone + 'static> EngineFactory for PyriteEngineFactory<H> {
    type Engine = PyriteEngine;

    fn create(&mut self, io: ScriptIo) -> PyriteEngine {
        PyriteEngine::new(io, Box::new(self.hal.clone()), self.heap_bytes)
    }
}

fn host<'c>(ctx: &'c mut NativeCtx<'_>) -> Result<&'c mut AgentHost, NativeError> {
    ctx.host()
        .as_any()
        .downcast_mut::<AgentHost>()
        .ok_or_else(|| NativeError::runtime_error("not running inside the Pyrite agent"))
}

/// The `fleet` module: `publish(name, value)`, `log(msg)`, `device_id()`, `config()`.
pub fn fleet_module() -> NativeModule {
    NativeModule::new("fleet")
        .function("publish", fleet_publish)
        .function("log", fleet_log)
        .function("device_id", fleet_device_id)
        .function("config", fleet_config)
}

fn fleet_publish(ctx: &mut NativeCtx<'_>, args: &[Value]) -> Result<Value, NativeError> {
    let name = ctx.arg_str(args, 0)?;
    let value = ctx.arg_float(args, 1)?;
    if !pyrite_protocol::messages::valid_metric_name(&name) {
        return Err(NativeError::value_error(
            "metric names are 1 to 64 characters of A-Z a-z 0-9 _ . -",
        ));
    }
    if !value.is_finite() {
        return Err(NativeError::value_error(
            "telemetry values must be finite numbers",
        ));
    }
    host(ctx)?.io.publish(&name, value);
    Ok(NativeCtx::none())
}

fn fleet_log(ctx: &mut NativeCtx<'_>, args: &[Value]) -> Result<Value, NativeError> {
    let msg = match args.first() {
        Some(v) => match ctx.as_str(*v) {
            Ok(s) => s,
            Err(_) => ctx.repr(*v)?,
        },
        None => String::new(),
    };
    let io = &mut host(ctx)?.io;
    if io.logs.len() < crate::engine::MAX_BUFFERED_PUBLISHED {
        io.logs.push(msg);
    } else {
        io.dropped = io.dropped.saturating_add(1);
    }
    Ok(NativeCtx::none())
}

fn fleet_device_id(ctx: &mut NativeCtx<'_>, _args: &[Value]) -> Result<Value, NativeError> {
    let id = host(ctx)?.io.device_id.clone();
    ctx.str(&id)
}

fn fleet_config(ctx: &mut NativeCtx<'_>, _args: &[Value]) -> Result<Value, NativeError> {
    let text = host(ctx)?.io.config_json.clone();
    // The interpreter's own JSON parser (as `json.loads`): serde_json's `Value` parser cost
    // ~6 KB of device flash. Text that is not a JSON object gives an empty dict.
    match ctx.json_object(&text) {
        Ok(d) => Ok(d),
        Err(_) => ctx.value(&NativeValue::Dict(Vec::new())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hal::NoHal;

    fn io() -> ScriptIo {
        ScriptIo {
            device_id: "dev-7".into(),
            config_json: r#"{"interval_s": 2, "name": "x"}"#.into(),
            ..ScriptIo::default()
        }
    }

    fn engine(source: &str) -> PyriteEngine {
        let mut e = PyriteEngine::new(io(), Box::new(NoHal), 64 * 1024);
        e.start("main.py", source).unwrap();
        e
    }

    /// Runs to the end, sleeping as the agent does: until the script's deadline or the
    /// board's next event, whichever is first.
    fn run_to_end(e: &mut PyriteEngine) -> SliceOutcome {
        for _ in 0..10_000 {
            match e.run(1000) {
                SliceOutcome::Yielded => {}
                SliceOutcome::Sleeping { until_ms } => {
                    let now = e.io().now_ms;
                    let wake = e
                        .next_event_ms()
                        .map_or(until_ms, |t| t.max(now + 1).min(until_ms));
                    e.io().now_ms = wake;
                }
                other => return other,
            }
        }
        SliceOutcome::Yielded
    }

    #[test]
    fn machine_is_micropythons_module_over_the_ports_hal() {
        let source = "\
import machine, time, fleet
edges = []
p = machine.Pin(3, machine.Pin.OUT, value=0)
p.irq(lambda pin: edges.append(pin is p), machine.Pin.IRQ_RISING)
p.on()
p.off()
p.on()
adc = machine.ADC(27)
print('adc', 20000 < adc.read_u16() < 45000)
i2c = machine.I2C(0)
print('scan', [hex(a) for a in i2c.scan()])
ticks = []
t = machine.Timer(-1)
t.init(period=100, mode=machine.Timer.PERIODIC, callback=lambda t: ticks.append(time.ticks_ms()))
time.sleep_ms(1000)
t.deinit()
print('ticks', len(ticks), ticks[:3])
print('edges', edges)
print('id', len(machine.unique_id()))
";
        let mut e = PyriteEngine::new(
            io(),
            Box::new(pyrite::sim_board::SimBoard::new()),
            MACHINE_HEAP,
        );
        e.start("main.py", source).unwrap();
        // The first slice sleeps with the timer armed: the engine reports the timer's
        // deadline so the agent wakes for it, well before the script's own.
        match e.run(100_000) {
            SliceOutcome::Sleeping { until_ms } => assert_eq!(until_ms, 1000),
            other => panic!("{other:?}: {}", e.io().output),
        }
        assert_eq!(e.next_event_ms(), Some(100));
        assert_eq!(run_to_end(&mut e), SliceOutcome::Done, "{}", e.io().output);
        assert_eq!(
            e.io().output,
            "adc True\nscan ['0x44', '0x68']\nticks 10 [100, 200, 300]\nedges [True, True]\nid 8\n"
        );
        // Without hardware, `machine` still imports and says what is missing.
        let mut bare = PyriteEngine::new(io(), Box::new(NoHal), MACHINE_HEAP);
        bare.start(
            "main.py",
            "import machine\nmachine.Pin(0, machine.Pin.OUT)\n",
        )
        .unwrap();
        match run_to_end(&mut bare) {
            SliceOutcome::Error(err) => {
                assert_eq!(err.type_name, "ValueError");
                assert!(err.message.contains("not supported"), "{}", err.message);
            }
            other => panic!("{other:?}"),
        }
    }

    /// The interpreter heap the ports give an app (64 KiB, as on the ESP32-C3 and STM32F7):
    /// `machine` is native, so an app that imports it fits.
    const MACHINE_HEAP: usize = 64 * 1024;

    #[test]
    fn the_sample_app_runs_in_the_heap_ports_give() {
        // examples/sensor with its real imports, ten readings from the simulated SHT3x.
        let source = include_str!("../../../examples/sensor/main.py");
        let mut e = PyriteEngine::new(
            io(),
            Box::new(pyrite::sim_board::SimBoard::new()),
            MACHINE_HEAP,
        );
        e.start("main.py", source).unwrap();
        let mut readings = 0;
        for _ in 0..10_000 {
            match e.run(10_000) {
                SliceOutcome::Yielded => {}
                SliceOutcome::Sleeping { until_ms } => {
                    e.io().now_ms = until_ms;
                    readings = e
                        .io()
                        .published
                        .iter()
                        .filter(|p| p.name == "temp_c")
                        .count();
                    if readings >= 10 {
                        break;
                    }
                }
                other => panic!("{other:?}: {}", e.io().output),
            }
        }
        assert_eq!(readings, 10, "{}", e.io().output);
        let io = e.io();
        assert!(io.output.contains("with SHT3x"), "{}", io.output);
        let t = io
            .published
            .iter()
            .find(|p| p.name == "temp_c")
            .map(|p| p.value);
        let h = io
            .published
            .iter()
            .find(|p| p.name == "humidity_pct")
            .map(|p| p.value);
        // The simulated board's room: 21.5 °C, 45 % (SHT3x resolution).
        assert!(t.is_some_and(|t| (t - 21.5).abs() < 0.05), "{t:?}");
        assert!(h.is_some_and(|h| (h - 45.0).abs() < 0.05), "{h:?}");
    }

    #[test]
    fn fleet_module_reaches_the_agent() {
        let mut e = engine(
            "import fleet\nprint('id', fleet.device_id())\nfleet.publish('temp', 21.5)\nfleet.log('hi')\nprint(fleet.config()['interval_s'])\n",
        );
        assert_eq!(run_to_end(&mut e), SliceOutcome::Done);
        let io = e.io();
        assert_eq!(io.output, "id dev-7\n2\n");
        assert_eq!(io.published.len(), 1);
        assert_eq!(io.published[0].value, 21.5);
        assert_eq!(io.logs, ["hi"]);
    }

    #[test]
    fn fleet_config_is_a_dict_of_the_json_or_empty() {
        let run = |config: &str| {
            let io = ScriptIo {
                config_json: config.into(),
                ..ScriptIo::default()
            };
            let mut e = PyriteEngine::new(io, Box::new(NoHal), 64 * 1024);
            e.start("main.py", "import fleet\nprint(fleet.config())\n")
                .unwrap();
            assert_eq!(run_to_end(&mut e), SliceOutcome::Done);
            e.io().output.clone()
        };
        assert_eq!(
            run(
                r#"{"b": [1, 2.5, null, true], "a": {"s": "\u00e9"}, "big": 18446744073709551616}"#
            ),
            "{'b': [1, 2.5, None, True], 'a': {'s': 'é'}, 'big': 18446744073709551616}\n"
        );
        for bad in ["", "[1]", "{\"a\": }", "{} x", "3"] {
            assert_eq!(run(bad), "{}\n", "{bad:?}");
        }
    }

    #[test]
    fn errors_carry_a_traceback_and_sleep_yields() {
        let mut e = engine("import time\ntime.sleep(2)\ndef f():\n    return 1/0\nf()\n");
        match e.run(1000) {
            SliceOutcome::Sleeping { until_ms } => assert_eq!(until_ms, 2000),
            other => panic!("{other:?}"),
        }
        match run_to_end(&mut e) {
            SliceOutcome::Error(err) => {
                assert_eq!(err.type_name, "ZeroDivisionError");
                assert!(err.traceback.contains("line 4"), "{}", err.traceback);
            }
            other => panic!("{other:?}"),
        }
        let mut bad = engine("import fleet\nfleet.publish('bad name', 1)\n");
        assert!(
            matches!(run_to_end(&mut bad), SliceOutcome::Error(e) if e.type_name == "ValueError")
        );
    }

    #[test]
    fn repl_shares_globals_and_interrupt_stops_a_loop() {
        let mut e = engine("x = 41\n");
        assert_eq!(run_to_end(&mut e), SliceOutcome::Done);
        assert_eq!(e.start_repl("x + 1").unwrap(), ReplInput::Complete);
        assert_eq!(e.run_repl(1000), SliceOutcome::Done);
        assert!(e.io().output.contains("42"), "{}", e.io().output);
        assert_eq!(e.start_repl("while True:").unwrap(), ReplInput::Incomplete);
        assert_eq!(
            e.start_repl("while True:\n    pass\n\n").unwrap(),
            ReplInput::Complete
        );
        assert_eq!(e.run_repl(1000), SliceOutcome::Yielded);
        e.interrupt();
        match e.run_repl(1000) {
            SliceOutcome::Error(err) => assert_eq!(err.type_name, "KeyboardInterrupt"),
            other => panic!("{other:?}"),
        }
    }
}
