import { useState } from "preact/hooks";
import { Client, ApiError } from "../api/client";

export function Login(props: { onSignedIn: (token: string, name: string) => void; notice?: string | null }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const t = token.trim();
    if (!t) {
      setError("Enter an operator token.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await new Client(t).whoAmI();
      props.onSignedIn(t, me.name);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) setError("That token was not accepted.");
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit}>
        <div class="brand brand-large">
          <Logo /> Pyrite
        </div>
        <h1>Sign in to your fleet</h1>
        <p class="muted">
          Use an operator token. <code>pyrite-fleet serve</code> prints the admin token on first start, and{" "}
          <code>serve --dev</code> prints a link that signs you in.
        </p>
        {props.notice && <div class="notice">{props.notice}</div>}
        <label for="token">Operator token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          placeholder="pyr_…"
          value={token}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
          autoFocus
        />
        {error && (
          <div class="error" role="alert">
            {error}
          </div>
        )}
        <button class="btn btn-primary btn-block" type="submit" disabled={busy}>
          {busy ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}

export function Logo() {
  return (
    <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
      <path d="M16 2 29 9.5v13L16 30 3 22.5v-13z" fill="#b7791f" />
      <path d="M16 2v28M3 9.5l26 13M29 9.5 3 22.5" stroke="#fde68a" stroke-width="1.5" fill="none" />
    </svg>
  );
}
