// The dashboard's browser test: drives Debian's Chromium with playwright-core
// through what an operator does, asserting what the page shows, and saves a
// screenshot of each page. Run by tests/e2e/dashboard_browser.rs, or by hand:
//
//   node e2e/flow.mjs --base http://127.0.0.1:PORT --token TOKEN \
//        [--chromium /usr/bin/chromium] [--screenshots DIR] [--steps login,overview,...]
//
// Steps (all by default): login, overview, devices, device, repl, bundles, rollout, phone;
// and on request: `live` (needs the mock's test controls: a device going offline shows up
// on the overview and the device list as it happens; after the streams drop, the page
// reconnects and re-reads what changed meanwhile) and `scale` (a fleet of 10,000 devices:
// the list pages, searches, filters and sorts on the server; filters live in the URL).
// `--expect-live`: the live badges must turn "Live" (the server has the SSE streams).
// Prints `STEP ok NAME` per step; exits 1 with the reason at the first failure.

import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const BASE = args.base;
const TOKEN = args.token;
const EXE = args.chromium ?? process.env.PYRITE_TEST_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = args.screenshots ?? null;
const DEFAULT = ["login", "overview", "devices", "device", "repl", "bundles", "rollout", "phone"];
const ALL = [...DEFAULT, "live", "scale"];
const STEPS = new Set((args.steps ?? DEFAULT.join(",")).split(",").filter(Boolean));
const EXPECT_LIVE = process.argv.includes("--expect-live");
const TIMEOUT = Number(args.timeout ?? 20000);
/** How long to wait for live data (chart points); a real server's heartbeats may be 30 s apart. */
const LIVE_TIMEOUT = Number(args["live-timeout"] ?? TIMEOUT);
/** `--allow-empty`: a fleet without devices passes the devices step by showing its empty state. */
const ALLOW_EMPTY = process.argv.includes("--allow-empty");
if (!BASE || !TOKEN) {
  console.error("usage: flow.mjs --base URL --token TOKEN");
  process.exit(2);
}
for (const s of STEPS) if (!ALL.includes(s)) {
  console.error(`unknown step ${s}; known: ${ALL.join(",")}`);
  process.exit(2);
}

// playwright-core gives every launch a fresh, empty --user-data-dir of its own (and refuses one in
// `args`); `chromiumSandbox: false` adds --no-sandbox, needed as root.
const browser = await chromium.launch({
  chromiumSandbox: false,
  executablePath: EXE,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
  ],
});

const consoleErrors = [];
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    // Failed resource loads of endpoints the server lacks show up as console errors; those are expected
    // while the API grows. Script errors (pageerror) always fail the test.
    if (m.type() === "error" && !/Failed to load resource|EventSource|404|WebSocket/.test(m.text())) consoleErrors.push(`console: ${m.text()}`);
  });
  const shot = async (name, p = page) => {
    if (!SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
  };
  const step = async (name, fn) => {
    if (!STEPS.has(name)) return;
    await fn();
    console.log(`STEP ok ${name}`);
  };
  const text = async (sel) => (await page.locator(sel).first().innerText()).trim();

  // --- Sign in: the login page, a refused token, then the real one. ---
  await page.goto(BASE + "/");
  await page.getByRole("heading", { name: "Sign in to your fleet" }).waitFor();
  await step("login", async () => {
    await shot("login");
    await page.fill("#token", "pyr_definitely_wrong");
    await page.click("button[type=submit]");
    await page.getByText("That token was not accepted.").waitFor();
  });
  await page.fill("#token", TOKEN);
  await page.click("button[type=submit]");
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  if (page.url().includes("token=")) throw new Error("the token is left in the address bar");
  // The token survives a reload (sessionStorage), and `?token=` signs in too.
  await page.reload();
  await page.getByRole("navigation", { name: "Main" }).waitFor();

  await step("overview", async () => {
    await page.getByRole("heading", { name: "Fleet overview" }).waitFor();
    const total = await text('[data-testid="stat-devices"]');
    if (!/^\d[\d,]*$/.test(total)) throw new Error(`overview: device count is "${total}"`);
    await page.waitForTimeout(300);
    await shot("overview");
  });

  let firstDevice = null;
  await step("devices", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Devices", exact: true }).click();
    await page.getByRole("heading", { name: "Devices" }).waitFor();
    const rows = page.locator('[data-testid="devices-table"] tbody tr');
    if (ALLOW_EMPTY) {
      await page.locator('[data-testid="devices-table"], .empty').first().waitFor();
      if ((await rows.count()) === 0) {
        await page.getByText("No devices enrolled yet").waitFor();
        await shot("devices");
        return;
      }
    }
    await rows.first().waitFor();
    const n = await rows.count();
    if (n < 1) throw new Error("devices: no rows");
    firstDevice = await rows.first().getAttribute("data-device");
    const count = await text('[data-testid="devices-count"]');
    if (!/of [\d,]+ devices/.test(count)) throw new Error(`devices: pager says "${count}"`);
    // Search narrows the list on the server.
    await page.fill('input[type="search"]', firstDevice);
    await page.waitForFunction(
      (id) => [...document.querySelectorAll('[data-testid="devices-table"] tbody tr')].every((r) => r.getAttribute("data-device")?.includes(id)),
      firstDevice,
    );
    await page.fill('input[type="search"]', "");
    await rows.nth(Math.min(n, 2) - 1).waitFor();
    await shot("devices");
  });

  await step("device", async () => {
    if (!firstDevice) {
      await page.goto(BASE + "/devices");
      const row = page.locator('[data-testid="devices-table"] tbody tr').first();
      await row.waitFor();
      firstDevice = await row.getAttribute("data-device");
    }
    await page.goto(`${BASE}/devices/${encodeURIComponent(firstDevice)}`);
    await page.getByRole("heading", { name: firstDevice }).waitFor();
    // Chart points arrive: first the history, then live points from the stream.
    const chart = page.locator("figure.chart").first();
    await chart.waitFor({ timeout: LIVE_TIMEOUT });
    const before = Number(await chart.getAttribute("data-points"));
    await page.waitForFunction(
      (n) => Number(document.querySelector("figure.chart")?.getAttribute("data-points")) > n,
      before,
      { timeout: LIVE_TIMEOUT },
    );
    await page.locator('[data-testid="logs"] .log').first().waitFor({ timeout: LIVE_TIMEOUT });
    // The time-range picker: the charts' window follows it, and the address keeps it.
    // Both ends read in one step: live points re-render the chart and slide the window
    // between two separate reads (a CI flake read a span that was not the range's).
    const span = () =>
      page.evaluate(() => {
        const f = document.querySelector("figure.chart");
        return f ? Number(f.getAttribute("data-to")) - Number(f.getAttribute("data-from")) : NaN;
      });
    await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "15 min" }).click();
    await page.waitForFunction(() => {
      const f = document.querySelector("figure.chart");
      return f && Number(f.getAttribute("data-to")) - Number(f.getAttribute("data-from")) === 15 * 60_000;
    });
    if (!page.url().includes("range=15m")) throw new Error(`device: the range is not in the URL: ${page.url()}`);
    await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "1 h" }).click();
    await page.waitForFunction(() => {
      const f = document.querySelector("figure.chart");
      return f && Number(f.getAttribute("data-to")) - Number(f.getAttribute("data-from")) === 3_600_000;
    });
    if ((await span()) !== 3_600_000) throw new Error("device: the 1 h range does not span an hour");
    if (EXPECT_LIVE) {
      // The page header (fleet events), the charts and the log tail all stream.
      await page.waitForFunction(() => {
        const dots = [...document.querySelectorAll("[data-live]")];
        return dots.length >= 3 && dots.every((d) => d.getAttribute("data-live") === "live");
      });
    }
    await shot("device");
    // Tags are editable and saved on the server (a reload shows them).
    await page.getByRole("button", { name: "Edit" }).click();
    const tags = page.getByRole("textbox", { name: "Tags" });
    await tags.fill(`${await tags.inputValue()}, e2e-tag`);
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator("a.tag", { hasText: "e2e-tag" }).waitFor();
    await page.reload();
    await page.locator("a.tag", { hasText: "e2e-tag" }).waitFor();
    // A command goes out and is acknowledged.
    await page.getByRole("button", { name: "Start app" }).click();
    await page.getByText("“start” sent to").waitFor();
  });

  await step("repl", async () => {
    if (!page.url().includes("/devices/")) {
      await page.goto(`${BASE}/devices/${encodeURIComponent(firstDevice ?? "sim-1")}`);
    }
    await page.getByRole("button", { name: "Open REPL" }).click();
    const term = page.locator('[data-testid="repl-terminal"]');
    await term.waitFor();
    await page.getByText("connected", { exact: true }).waitFor();
    await term.click();
    await page.keyboard.type("print(6*7)");
    await page.keyboard.press("Enter");
    // xterm's DOM renderer draws one <div> per screen row; the answer is a row of its own.
    const answered = () =>
      [...document.querySelectorAll('[data-testid="repl-terminal"] .xterm-rows > div')].some(
        (r) => r.textContent.replace(/\u00a0/g, " ").trim() === "42",
      );
    await page.waitForFunction(answered, null, { timeout: TIMEOUT }).catch(async () => {
      const rows = await page.locator('[data-testid="repl-terminal"] .xterm-rows > div').allInnerTexts();
      throw new Error(`repl: no "42" line in the terminal:\n${rows.join("\n")}`);
    });
    await term.scrollIntoViewIfNeeded();
    await shot("repl");
  });

  await step("bundles", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bundles", exact: true }).click();
    await page.getByRole("heading", { name: "Bundles" }).waitFor();
    await page.locator('[data-testid="bundles-table"] tbody tr').first().waitFor();
    await shot("bundles");
    await page.locator('[data-testid="bundles-table"] tbody tr a').first().click();
    await page.getByRole("heading", { name: "Manifest" }).waitFor();
    const manifest = await text('[data-testid="manifest"]');
    JSON.parse(manifest);
    await shot("bundle");
  });

  await step("rollout", async () => {
    await page.goto(BASE + "/rollouts/new");
    await page.getByRole("heading", { name: "New rollout" }).waitFor();
    const options = await page.locator("#bundle option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    if (!options.length) throw new Error("rollout: no bundle to choose");
    await page.selectOption("#bundle", options[options.length - 1]);
    await page.check('input[name="strategy"][value="canary"]');
    await page.fill('input[name="canary"]', "1");
    await shot("rollout-new");
    await page.click("button[type=submit]");
    await page.waitForURL(/\/rollouts\/(?!new)[^/]+$/);
    await page.locator('[data-wave="0"]').waitFor();
    // Watch it live until every device succeeded and the rollout completed (or it ends otherwise).
    const outcome = await page.waitForFunction(
      () => {
        const bar = document.querySelector('[aria-label="overall"]');
        const state = document.querySelector(".page-head .badge")?.textContent ?? "";
        if (["rolled back", "aborted", "halted", "failed"].includes(state)) return `ended ${state}`;
        const done = bar && Number(bar.dataset.total) > 0 && bar.dataset.succeeded === bar.dataset.total;
        return done && state === "completed" ? "completed" : false;
      },
      null,
      { timeout: Math.max(LIVE_TIMEOUT * 2, 60000) },
    );
    const result = await outcome.jsonValue();
    if (EXPECT_LIVE && (await page.locator(".page-head [data-live]").getAttribute("data-live")) !== "live")
      throw new Error("rollout: the page is not live");
    if (result !== "completed") {
      const table = await page.locator('[data-testid="rollout-devices"]').innerText().catch(() => "");
      throw new Error(`rollout: ${result}\n${table}`);
    }
    const waves = await page.locator("[data-wave]").count();
    if (waves < 2 && Number(await page.locator('[aria-label="overall"]').getAttribute("data-total")) > 1)
      throw new Error(`rollout: a canary rollout over several devices shows ${waves} wave(s)`);
    await page.waitForTimeout(600); // let the progress bars' transition end
    await shot("rollout");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rollouts", exact: true }).click();
    await page.locator('[data-testid="rollouts-table"] tbody tr').first().waitFor();
    await shot("rollouts");
  });

  // Test controls of e2e/mock-api.mjs (not part of the API).
  const control = async (pathAndQuery) => {
    const res = await fetch(BASE + pathAndQuery, { method: "POST" });
    if (!res.ok) throw new Error(`mock control ${pathAndQuery}: ${res.status} ${await res.text()}`);
  };
  const liveState = (sel) => page.locator(sel).getAttribute("data-live");

  await step("live", async () => {
    // The overview's counters follow a device going offline, without a reload.
    await page.goto(BASE + "/");
    await page.getByRole("heading", { name: "Fleet overview" }).waitFor();
    await page.waitForFunction(() => document.querySelector(".page-head [data-live]")?.getAttribute("data-live") === "live");
    const offline = Number((await text('[data-testid="stat-offline"]')).replace(/,/g, ""));
    const rows = page.locator('[data-testid="devices-table"] tbody tr');
    await page.goto(BASE + "/devices?status=online");
    await rows.first().waitFor();
    const [a, b] = await rows.evaluateAll((rs) => rs.slice(0, 2).map((r) => r.getAttribute("data-device")));
    if (!a || !b) throw new Error("live: needs two online devices");
    await page.goto(BASE + "/");
    await page.waitForFunction(() => document.querySelector(".page-head [data-live]")?.getAttribute("data-live") === "live");
    await control(`/__mock/device/${encodeURIComponent(a)}?online=0`);
    await page.waitForFunction((n) => document.querySelector('[data-testid="stat-offline"]')?.textContent?.replace(/,/g, "") === String(n), offline + 1);
    await control(`/__mock/device/${encodeURIComponent(a)}?online=1`);
    await page.waitForFunction((n) => document.querySelector('[data-testid="stat-offline"]')?.textContent?.replace(/,/g, "") === String(n), offline);

    // A row of the device list changes in place.
    await page.goto(BASE + "/devices");
    const row = (id) => page.locator(`[data-testid="devices-table"] tbody tr[data-device="${id}"]`);
    await row(a).waitFor();
    await page.waitForFunction(() => document.querySelector(".page-head [data-live]")?.getAttribute("data-live") === "live");
    await control(`/__mock/device/${encodeURIComponent(a)}?online=0`);
    await row(a).locator(".badge", { hasText: "offline" }).waitFor();
    await control(`/__mock/device/${encodeURIComponent(a)}?online=1`);
    await row(a).locator(".badge", { hasText: "online" }).waitFor();

    // The streams drop; device b goes offline while nobody listens; the page reconnects
    // (backing off), re-reads, and shows it.
    await control(`/__mock/drop-streams?hold=1500&offline=${encodeURIComponent(b)}`);
    await page.waitForFunction(() => document.querySelector(".page-head [data-live]")?.getAttribute("data-live") !== "live");
    await shot("devices-reconnecting");
    await page.waitForFunction(() => document.querySelector(".page-head [data-live]")?.getAttribute("data-live") === "live");
    await row(b).locator(".badge", { hasText: "offline" }).waitFor();
    if ((await liveState(".page-head [data-live]")) !== "live") throw new Error("live: not live after reconnecting");
    await control(`/__mock/device/${encodeURIComponent(b)}?online=1`);
    await row(b).locator(".badge", { hasText: "online" }).waitFor();
  });

  await step("scale", async () => {
    const want = Number(args["expect-devices"] ?? 10000);
    const rows = page.locator('[data-testid="devices-table"] tbody tr');
    const count = () => text('[data-testid="devices-count"]');
    const totalShown = async () => Number(/of ([\d,]+) devices/.exec(await count())?.[1].replace(/,/g, "") ?? NaN);
    await page.goto(BASE + "/devices");
    await rows.first().waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-testid="devices-count"]')?.textContent?.includes(`of ${n.toLocaleString("en-US")} devices`), want);
    if ((await rows.count()) > 200) throw new Error(`scale: ${await rows.count()} rows drawn at once`);
    // Paging.
    await page.getByRole("button", { name: "Next →" }).click();
    await page.waitForFunction(() => /^51–/.test(document.querySelector('[data-testid="devices-count"]')?.textContent ?? ""));
    if (!page.url().includes("offset=50")) throw new Error(`scale: the page is not in the URL: ${page.url()}`);
    // Search (debounced, on the server) for the last device.
    const last = `sim-${String(want).padStart(String(want).length, "0")}`;
    await page.fill('input[type="search"]', last);
    await page.waitForFunction(
      (id) => {
        const rs = [...document.querySelectorAll('[data-testid="devices-table"] tbody tr')];
        return rs.length === 1 && rs[0].getAttribute("data-device") === id;
      },
      last,
    );
    if (!page.url().includes(`q=${last}`)) throw new Error(`scale: the search is not in the URL: ${page.url()}`);
    // A reload (or a shared link) shows the same list.
    await page.reload();
    await page.locator(`[data-testid="devices-table"] tbody tr[data-device="${last}"]`).waitFor();
    if ((await page.inputValue('input[type="search"]')) !== last) throw new Error("scale: the search box lost its text on reload");
    await page.fill('input[type="search"]', "");
    await page.waitForFunction((n) => document.querySelector('[data-testid="devices-count"]')?.textContent?.includes(`of ${n.toLocaleString("en-US")} devices`), want);
    // Filter by status: fewer devices, every row offline.
    await page.selectOption('select[aria-label="Status"]', "offline");
    await page.waitForFunction((n) => {
      const m = /of ([\d,]+) devices/.exec(document.querySelector('[data-testid="devices-count"]')?.textContent ?? "");
      return m && Number(m[1].replace(/,/g, "")) < n;
    }, want);
    const offline = await totalShown();
    if (!(offline > 0)) throw new Error(`scale: ${offline} offline devices`);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="devices-table"] tbody tr')].every((r) => r.querySelector(".badge")?.textContent === "offline"),
    );
    if (!page.url().includes("status=offline")) throw new Error(`scale: the filter is not in the URL: ${page.url()}`);
    // Filter by tag on top of it, then sort by last seen, newest first.
    await page.fill('input[aria-label="Filter by tag"]', "floor-2");
    await page.waitForFunction((n) => {
      const m = /of ([\d,]+) devices/.exec(document.querySelector('[data-testid="devices-count"]')?.textContent ?? "");
      return m && Number(m[1].replace(/,/g, "")) < n;
    }, offline);
    await page.getByRole("button", { name: "Last seen" }).click();
    await page.getByRole("button", { name: "Last seen" }).click();
    await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]')?.textContent?.includes("Last seen"));
    if (!/sort=last_seen/.test(page.url()) || !/order=desc/.test(page.url())) throw new Error(`scale: the sort is not in the URL: ${page.url()}`);
    await shot("devices-10000");
  });

  await step("phone", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    p.setDefaultTimeout(TIMEOUT);
    await p.goto(`${BASE}/devices?token=${encodeURIComponent(TOKEN)}`);
    await p.getByRole("heading", { name: "Devices" }).waitFor();
    if (p.url().includes("token=")) throw new Error("phone: ?token= was not stripped from the address bar");
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 2) throw new Error(`phone: the page is ${overflow}px wider than the screen`);
    await p.waitForTimeout(300);
    await shot("phone-devices", p);
    // A device's page: cards stack, charts fit the screen.
    const row = p.locator('[data-testid="devices-table"] tbody tr').first();
    if (await row.count()) {
      const id = await row.getAttribute("data-device");
      await p.goto(`${BASE}/devices/${encodeURIComponent(id)}`);
      await p.getByRole("heading", { name: id }).waitFor();
      await p.locator("figure.chart, .telemetry .empty").first().waitFor({ timeout: LIVE_TIMEOUT });
      const over = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (over > 2) throw new Error(`phone: the device page is ${over}px wider than the screen`);
      await p.waitForTimeout(300);
      await shot("phone-device", p);
    }
    await phone.close();
  });

  if (consoleErrors.length) throw new Error(`errors in the page:\n${consoleErrors.join("\n")}`);
  console.log("FLOW PASSED");
} catch (e) {
  failed = true;
  console.error(`FLOW FAILED: ${e?.stack ?? e}`);
} finally {
  await browser.close().catch(() => {});
}
process.exit(failed ? 1 : 0);
