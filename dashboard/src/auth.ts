// The operator token: kept in sessionStorage (gone when the tab closes), taken
// from `?token=` once (as `serve --dev` prints) and removed from the address bar
// so it is not left in history or screenshots.

const KEY = "pyrite.token";

export function takeTokenFromUrl(loc: Location = window.location, hist: History = window.history): string | null {
  const url = new URL(loc.href);
  const token = url.searchParams.get("token");
  if (token === null) return null;
  url.searchParams.delete("token");
  hist.replaceState(hist.state, "", url.pathname + url.search + url.hash);
  return token.trim() || null;
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage can be disabled (private mode); the token then lives for this page only.
  }
}
