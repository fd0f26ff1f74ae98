// Shapes of the Pyrite HTTP API (/api/v1) as the dashboard uses them.
// The contract is written out in dashboard/README.md ("API used").

export type DeviceStatus = "online" | "offline";
export type AppState = "running" | "stopped" | "failed" | "starting" | "none" | string;

export interface BundleRef {
  sha256: string;
  name?: string | null;
  version: string;
}

export interface DeviceError {
  at?: string | null;
  message: string;
  traceback?: string | null;
}

export interface Device {
  id: string;
  status: DeviceStatus | string;
  failing?: boolean;
  tags: string[];
  last_seen?: string | null;
  enrolled_at?: string | null;
  agent_version?: string | null;
  interpreter_version?: string | null;
  platform?: string | null;
  bundle?: BundleRef | null;
  app_state?: AppState | null;
  last_error?: DeviceError | null;
  /** sha256 of the bundle the server wants the device to run. */
  desired_bundle?: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface DeviceQuery {
  q?: string;
  status?: "" | "online" | "offline" | "failing" | "revoked";
  tag?: string;
  sort?: "id" | "status" | "last_seen" | "bundle";
  order?: "asc" | "desc";
  limit: number;
  offset: number;
}

export interface FleetFailure {
  device_id: string;
  at?: string | null;
  bundle_version?: string | null;
  message: string;
  traceback?: string | null;
}

export interface FleetSummary {
  devices: { total: number; online: number; offline: number; failing: number };
  bundle_versions: { name?: string | null; version: string; sha256?: string; devices: number }[];
  recent_failures: FleetFailure[];
  active_rollouts: Rollout[];
}

export interface Series {
  metric: string;
  unit?: string | null;
  /** [unix milliseconds, value] */
  points: [number, number][];
}

export interface TelemetryPoint {
  metric: string;
  unit?: string | null;
  t: number;
  v: number;
}

export interface LogLine {
  t: string;
  level: string;
  message: string;
}

export interface Bundle {
  sha256: string;
  name?: string | null;
  version: string;
  size: number;
  created_at?: string | null;
  signed_by?: string | null;
  files?: number | null;
  /** Anti-rollback sequence number from the manifest. */
  sequence?: number | null;
}

export interface BundleFile {
  path: string;
  size: number;
  sha256?: string | null;
}

export interface BundleDetail extends Bundle {
  manifest?: unknown;
  files_list?: BundleFile[];
}

/** The dashboard's view of a strategy (the server's `{kind: ...}` is converted on the way in and out). */
export type Strategy =
  | { type: "all" }
  | { type: "canary"; count?: number; percent?: number }
  | { type: "waves"; waves: number[] };

/** A strategy as the server takes it in `POST /rollouts`. */
export type ServerStrategy =
  | { kind: "all_at_once" }
  | { kind: "canary"; count?: number; percent?: number }
  | { kind: "waves"; percents: number[] };

export type RolloutState =
  | "running"
  | "paused"
  | "completed"
  | "aborted"
  | "halted"
  | "rolled_back"
  | string;

export interface Counts {
  total: number;
  pending: number;
  in_progress: number;
  succeeded: number;
  failed: number;
}

export interface Wave extends Counts {
  index: number;
  name?: string | null;
  state?: "done" | "active" | "waiting" | string;
}

export interface Rollout {
  id: string;
  bundle: BundleRef;
  target: string;
  strategy: Strategy;
  failure_threshold?: number | null;
  state: RolloutState;
  created_at?: string | null;
  updated_at?: string | null;
  counts: Counts;
  waves: Wave[];
  /** Why it halted or stopped, when it did. */
  reason?: string | null;
}

export interface RolloutDevice {
  rollout_id?: string;
  device_id: string;
  wave: number;
  state: string;
  error?: string | null;
  updated_at?: string | null;
}

export interface RolloutDetail extends Rollout {
  devices: RolloutDevice[];
}

export interface NewRollout {
  bundle: string;
  /** `all`, `tag:T`, or a device id. */
  target: string;
  strategy: ServerStrategy;
  failure_threshold: number;
}

export interface Me {
  name: string;
  role?: string;
}
