import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { Client } from "./api/client";
import { storeToken, storedToken, takeTokenFromUrl } from "./auth";
import { closeSharedStreams } from "./api/streams";
import { ClientContext, RoleContext } from "./context";
import { parseRole, type Role } from "./permissions";
import { matchRoute, usePath } from "./router";
import { Link } from "./components/ui";
import { Login, Logo } from "./pages/Login";
import { Overview } from "./pages/Overview";
import { Devices } from "./pages/Devices";
import { DevicePage } from "./pages/Device";
import { Bundles, BundlePage } from "./pages/Bundles";
import { Rollouts, RolloutPage, NewRolloutPage } from "./pages/Rollouts";
import "./styles.css";

const ROUTES = [
  "/",
  "/devices",
  "/devices/:id",
  "/bundles",
  "/bundles/:sha",
  "/rollouts",
  "/rollouts/new",
  "/rollouts/:id",
];

const NAV = [
  { href: "/", label: "Overview", match: (r: string) => r === "/" },
  { href: "/devices", label: "Devices", match: (r: string) => r.startsWith("/devices") },
  { href: "/bundles", label: "Bundles", match: (r: string) => r.startsWith("/bundles") },
  { href: "/rollouts", label: "Rollouts", match: (r: string) => r.startsWith("/rollouts") },
];

function App() {
  const [token, setToken] = useState<string | null>(() => {
    const fromUrl = takeTokenFromUrl();
    if (fromUrl) storeToken(fromUrl);
    return fromUrl ?? storedToken();
  });
  const [name, setName] = useState<string>("");
  // Read once per token (after sign-in or a reload); until then no control is offered.
  const [role, setRole] = useState<Role | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const path = usePath();

  const client = useMemo(() => (token ? new Client(token) : null), [token]);
  useEffect(() => {
    if (!client) return;
    client.onUnauthorized = () => {
      closeSharedStreams();
      storeToken(null);
      setNotice("Your session ended or the token was revoked. Sign in again.");
      setToken(null);
    };
    setRole(null);
    client.whoAmI().then(
      (me) => {
        setName(me.name);
        setRole(parseRole(me.role));
      },
      () => {},
    );
  }, [client]);

  if (!client) {
    return (
      <Login
        notice={notice}
        onSignedIn={(t, n) => {
          storeToken(t);
          setName(n);
          setNotice(null);
          setToken(t);
        }}
      />
    );
  }

  const m = matchRoute(ROUTES, path);
  let page;
  switch (m?.route) {
    case "/":
      page = <Overview />;
      break;
    case "/devices":
      page = <Devices />;
      break;
    case "/devices/:id":
      page = <DevicePage id={m.params.id} />;
      break;
    case "/bundles":
      page = <Bundles />;
      break;
    case "/bundles/:sha":
      page = <BundlePage sha={m.params.sha} />;
      break;
    case "/rollouts":
      page = <Rollouts />;
      break;
    case "/rollouts/new":
      page = <NewRolloutPage />;
      break;
    case "/rollouts/:id":
      page = <RolloutPage id={m.params.id} />;
      break;
    default:
      page = (
        <div class="empty">
          <div class="empty-title">Page not found</div>
          <Link href="/">Back to the overview</Link>
        </div>
      );
  }

  return (
    <ClientContext.Provider value={client}>
      <RoleContext.Provider value={role ?? "read-only"}>
        <div class="shell">
          <header class="topbar">
            <Link href="/" class="brand">
              <Logo /> Pyrite
            </Link>
            <nav class="nav" aria-label="Main">
              {NAV.map((n) => (
                <Link href={n.href} class={m && n.match(m.route) ? "active" : ""}>
                  {n.label}
                </Link>
              ))}
            </nav>
            <div class="user">
              {name && <span class="muted user-name">{name}</span>}
              {role && (
                <span class={`role role-${role}`} data-testid="role" title="This token's role: what the dashboard offers depends on it">
                  {role}
                </span>
              )}
              <button
                class="btn btn-ghost btn-small"
                onClick={() => {
                  closeSharedStreams();
                  storeToken(null);
                  setToken(null);
                }}
              >
                Sign out
              </button>
            </div>
          </header>
          <main class="content">{page}</main>
        </div>
      </RoleContext.Provider>
    </ClientContext.Provider>
  );
}

const root = document.getElementById("app");
if (root) render(<App />, root);
