#!/usr/bin/env python3
"""Measures the flash and RAM footprint of Pyrite's firmware images, per target.

For every image it reads the ELF section table (llvm-readelf) and the symbol table (llvm-nm):

- text   = executable sections (on the ESP32-C3 also the code copied to IRAM at start-up);
- rodata = read-only data (constants, string tables, the interpreter's frozen modules);
- flash  = every allocated section with contents: text, rodata, and the initial image of
           initialised data (copied to RAM at start-up);
- RAM    = every allocated section placed in the chip's RAM: .data, .bss (which holds the fixed
           heap), and on the ESP32-C3 the code that must run from IRAM; the stack is the rest of
           RAM and is not counted;
- heap   = the fixed heap block handed to the allocator (part of RAM above).

Images measured (built first unless --no-build):
  qemu-m4   hello         runtime only (cortex-m-rt, semihosting console)
  qemu-m4   interp        the interpreter alone (runs a program from the host, 64 KiB heap)
  qemu-m4   interp_agent  interpreter + agent core (A/B store, verifier, REPL; no network)
  qemu-m4   agent         the whole image: + LAN9118, embassy, embassy-net, minimq, HTTP
  esp32c3   pyrite-port-esp32c3  the whole image: agent + interpreter + Wi-Fi (esp-radio), embassy-net
  stm32f7   pyrite-port-stm32f7  the whole image: agent + interpreter + Ethernet (embassy-stm32)

Usage: footprint.py [--no-build]
       footprint.py --check   (CI: no build, no table; fails when an image is over its budget)

--check compares what each chip can hold with what the built images need, and exits 1 naming
the image and the figures when one does not fit: the STM32F767's image (text + rodata + data)
against flash bank 1 (memory.x), the ESP32-C3's flashable image (espflash's .bin, as .ci/run
writes it) against the `factory` app partition (partitions.csv). It prints every image's
margin either way, so a CI log shows how much room is left.
Target dirs: $PYRITE_FIRMWARE_TARGET_DIR (default: <repo>/target/firmware) for qemu-m4,
with the suffix -esp for the ESP32-C3 and -stm32 for the STM32F767 (as .ci/run builds them);
$PYRITE_FIRMWARE_TARGET_DIR_<PORT> (e.g. ..._ESP32C3) names one port's folder instead.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

PORTS = Path(__file__).resolve().parent
ROOT = PORTS.parent.parent

# (port folder, target triple, RAM address ranges, binaries in the order of the table)
TARGETS = [
    ("qemu-m4", "thumbv7em-none-eabihf", [(0x2000_0000, 0x2040_0000)],
     [("hello", "runtime only"),
      ("interp", "interpreter alone"),
      ("interp_agent", "interpreter + agent"),
      ("agent", "whole image (agent + network)")]),
    ("esp32c3", "riscv32imc-unknown-none-elf",
     [(0x3FC8_0000, 0x3FCE_0000), (0x4037_C000, 0x403E_0000)],
     [("pyrite-port-esp32c3", "whole image (agent + interpreter + Wi-Fi)")]),
    ("stm32f7", "thumbv7em-none-eabihf", [(0x2000_0000, 0x2008_0000)],
     [("pyrite-port-stm32f7", "whole image (agent + interpreter + Ethernet)")]),
]

SECTION = re.compile(
    r"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+(\S*)")
HEAP_SYMBOL = re.compile(r"(HEAP_BLOCK|::HEAP::)")


def target_dir(port):
    own = os.environ.get("PYRITE_FIRMWARE_TARGET_DIR_" + port.upper().replace("-", "_"))
    if own:
        return Path(own)
    base = os.environ.get("PYRITE_FIRMWARE_TARGET_DIR", str(ROOT / "target" / "firmware"))
    suffix = {"esp32c3": "-esp", "stm32f7": "-stm32"}.get(port, "")
    return Path(base + suffix)


def build(port, bins):
    env = dict(os.environ, CARGO_TARGET_DIR=str(target_dir(port)))
    args = ["cargo", "build", "--release"]
    for name, _ in bins:
        args += ["--bin", name]
    subprocess.run(args, cwd=PORTS / port, env=env, check=True)


def sections(elf):
    out = subprocess.run(["llvm-readelf", "-S", "-W", str(elf)], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        m = SECTION.match(line)
        if m:
            name, kind, addr, size, flags = m.groups()
            yield name, kind, int(addr, 16), int(size, 16), flags


def heap_bytes(elf):
    out = subprocess.run(["llvm-nm", "-S", "-C", str(elf)], check=True,
                         capture_output=True, text=True).stdout
    total = 0
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[2] in "bBdD" and HEAP_SYMBOL.search(parts[3]):
            size = int(parts[1], 16)
            if size >= 1024:
                total += size
    return total


def measure(elf, ram_ranges):
    """(text, rodata, flash, static RAM, heap) in bytes."""
    text = rodata = flash = ram = 0
    for name, kind, addr, size, flags in sections(elf):
        if "A" not in flags or size == 0 or name.endswith("_dummy") or name == ".stack":
            continue
        in_ram = any(lo <= addr < hi for lo, hi in ram_ranges)
        if kind != "NOBITS":
            flash += size
            if "X" in flags:
                text += size
            elif "W" not in flags and not in_ram:
                rodata += size
        if in_ram:
            ram += size
    return text, rodata, flash, ram, heap_bytes(elf)


def kib(n):
    return f"{n / 1024:.1f} KiB"


def run_in_qemu(elf, workdir):
    """Boots a qemu-m4 footprint image; returns its console text ('' if QEMU is missing)."""
    try:
        out = subprocess.run(
            ["qemu-system-arm", "-machine", "mps2-an386", "-cpu", "cortex-m4", "-nographic",
             "-semihosting-config", "enable=on,target=native", "-nic", "none", "-kernel", str(elf)],
            cwd=workdir, capture_output=True, text=True, timeout=300)
        return out.stdout
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return ""


def measured(text, pattern):
    m = re.search(pattern, text)
    return int(m.group(1)) if m else None


def memory_x_flash(port):
    """The FLASH region's length in memory.x, in bytes."""
    text = (PORTS / port / "memory.x").read_text()
    m = re.search(r"FLASH\s*:\s*ORIGIN\s*=\s*\w+\s*,\s*LENGTH\s*=\s*(\d+)\s*([KM]?)", text)
    if not m:
        raise SystemExit(f"footprint: no FLASH region in {port}/memory.x")
    return int(m.group(1)) * {"": 1, "K": 1024, "M": 1024 * 1024}[m.group(2)]


def partition_size(port, name):
    """The size of partition `name` in the port's partitions.csv, in bytes."""
    for line in (PORTS / port / "partitions.csv").read_text().splitlines():
        fields = [f.strip() for f in line.split("#", 1)[0].split(",")]
        if len(fields) >= 5 and fields[0] == name:
            return int(fields[4], 0)
    raise SystemExit(f"footprint: no partition {name!r} in {port}/partitions.csv")


def check():
    """Every chip image against what its chip holds; False when one does not fit."""
    stm32 = target_dir("stm32f7") / "thumbv7em-none-eabihf" / "release" / "pyrite-port-stm32f7"
    esp_image = target_dir("esp32c3") / "pyrite-esp32c3.bin"
    budgets = [
        ("stm32f7", "pyrite-port-stm32f7 (text + rodata + data)", "flash bank 1 (memory.x)",
         stm32, lambda: measure(stm32, [])[2], memory_x_flash("stm32f7")),
        ("esp32c3", "pyrite-esp32c3.bin (espflash image)", "app partition `factory`",
         esp_image, lambda: esp_image.stat().st_size, partition_size("esp32c3", "factory")),
    ]
    fits = True
    for port, what, where, path, size, budget in budgets:
        if not path.exists():
            print(f"footprint: {port}: {path} is not built", file=sys.stderr)
            fits = False
            continue
        used = size()
        left = budget - used
        line = (f"{port}: {what}: {used:,} of {budget:,} bytes of {where} "
                f"({100 * used / budget:.1f} %), ")
        if left >= 0:
            print(line + f"{left:,} bytes ({kib(left)}) left")
        else:
            print(line + f"OVER BUDGET by {-left:,} bytes ({kib(-left)})", file=sys.stderr)
            fits = False
    return fits


def main():
    if "--check" in sys.argv:
        sys.exit(0 if check() else 1)
    build_first = "--no-build" not in sys.argv
    rows = []
    for port, triple, ram_ranges, bins in TARGETS:
        if build_first:
            build(port, bins)
        for name, what in bins:
            elf = target_dir(port) / triple / "release" / name
            if not elf.exists():
                rows.append((port, what, name, None))
                continue
            rows.append((port, what, name, measure(elf, ram_ranges)))
    print("| target | image | binary | text | rodata | flash | static RAM | of which heap "
          "| RAM without heap |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for port, what, name, m in rows:
        if m is None:
            print(f"| {port} | {what} | `{name}` | not built | | | | | |")
            continue
        text, rodata, flash, ram, heap = m
        print(f"| {port} | {what} | `{name}` | {kib(text)} | {kib(rodata)} | {kib(flash)} "
              f"| {kib(ram)} | {kib(heap)} | {kib(ram - heap)} |")

    # What the images actually use, measured by running them under QEMU.
    release = target_dir("qemu-m4") / "thumbv7em-none-eabihf" / "release"
    import tempfile
    with tempfile.TemporaryDirectory() as work:
        interp = run_in_qemu(release / "interp", work) if (release / "interp").exists() else ""
        agent = run_in_qemu(release / "interp_agent", work) if (release / "interp_agent").exists() else ""
    rows = [
        ("interpreter alone: global heap peak running a small program (64 KiB interpreter heap)",
         measured(interp, r"global heap peak (\d+)")),
        ("interpreter + agent: global heap held by the agent after boot",
         measured(agent, r"agent holds (\d+) bytes")),
        ("interpreter heap left for scripts after the agent's modules load (of 64 KiB asked)",
         measured(agent, r"heap left for scripts: (\d+)")),
        ("smallest interpreter heap in which examples/sensor runs ten readings",
         measured(agent, r"smallest heap for the sensor app: (\d+)")),
        ("interpreter + agent: global heap peak during those runs",
         measured(agent, r"global heap peak (\d+)")),
    ]
    print()
    print("| measured on qemu-m4 (QEMU) | bytes |")
    print("| --- | ---: |")
    for what, value in rows:
        print(f"| {what} | {'not measured' if value is None else f'{value} ({kib(value)})'} |")


if __name__ == "__main__":
    main()
