//! What each operator command does.

use super::client::Client;
use super::table::{ago, render, short};
use super::{BundleCmd, Cli, Command, DeviceCmd, KeysCmd, TokenCmd};
use anyhow::{Context, bail};
use serde_json::{Value, json};
use std::path::Path;
use std::process::ExitCode;

fn client(cli: &Cli) -> anyhow::Result<Client> {
    Client::discover(
        cli.server.clone(),
        cli.token.clone(),
        Path::new("./pyrite-data"),
    )
}

fn print_json(v: &Value) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

fn s(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Parses `--canary N|N%` and `--waves` into a strategy JSON.
pub fn strategy(canary: Option<&str>, waves: Option<&[u32]>) -> anyhow::Result<Value> {
    Ok(match (canary, waves) {
        (Some(c), _) => match c.strip_suffix('%') {
            Some(p) => {
                json!({"kind":"canary","percent": p.trim().parse::<u32>().context("--canary N%")?})
            }
            None => {
                json!({"kind":"canary","count": c.trim().parse::<u32>().context("--canary N")?})
            }
        },
        (None, Some(w)) => json!({"kind":"waves","percents": w}),
        (None, None) => json!({"kind":"all_at_once"}),
    })
}

/// Reads a folder's files for `deploy DIR` (skipping hidden files and caches).
fn folder_files(dir: &Path) -> anyhow::Result<Vec<Value>> {
    use base64::Engine;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "__pycache__" {
                continue;
            }
            let p = e.path();
            if e.file_type()?.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
                let bytes = std::fs::read(&p)?;
                out.push(json!({"path": rel, "content_base64": base64::engine::general_purpose::STANDARD.encode(bytes)}));
            }
        }
    }
    out.sort_by(|a, b| a["path"].as_str().cmp(&b["path"].as_str()));
    Ok(out)
}

fn dir_name(p: &Path) -> String {
    std::fs::canonicalize(p)
        .ok()
        .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "app".into())
}

fn rollout_table(rows: &[Value]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let counts = r["counts"].as_object().map(|m| {
                m.iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            vec![
                s(&r["id"]),
                s(&r["state"]),
                s(&r["target"]),
                short(r["bundle_sha256"].as_str()),
                counts.unwrap_or_default(),
            ]
        })
        .collect();
    render(&["ID", "STATE", "TARGET", "BUNDLE", "DEVICES"], &rows)
}

/// `token create|list|revoke`.
async fn token_command(c: &Client, cmd: &TokenCmd, json_out: bool) -> anyhow::Result<()> {
    match cmd {
        TokenCmd::Create { name, role } => {
            let v: Value = c
                .post("/api/v1/tokens", &json!({"name": name, "role": role}))
                .await?;
            if json_out {
                print_json(&v);
            } else {
                println!(
                    "created {} token {} (id {}); it is shown only this once:",
                    s(&v["role"]),
                    s(&v["name"]),
                    s(&v["id"])
                );
                println!("{}", s(&v["token"]));
            }
        }
        TokenCmd::List { all } => {
            let path = if *all {
                "/api/v1/tokens?include_revoked=true"
            } else {
                "/api/v1/tokens"
            };
            let v: Vec<Value> = c.get(path).await?;
            if json_out {
                print_json(&Value::Array(v));
            } else {
                let rows: Vec<_> = v
                    .iter()
                    .map(|t| {
                        let mut row = vec![
                            s(&t["id"]),
                            s(&t["name"]),
                            s(&t["role"]),
                            ago(t["created_at"].as_i64()),
                            match t["last_used_at"].as_i64() {
                                Some(ms) => ago(Some(ms)),
                                None => "never".into(),
                            },
                        ];
                        if *all {
                            row.push(match t["revoked_at"].as_i64() {
                                Some(ms) => format!("revoked {}", ago(Some(ms))),
                                None => "active".into(),
                            });
                        }
                        row
                    })
                    .collect();
                let mut header = vec!["ID", "NAME", "ROLE", "CREATED", "LAST USED"];
                if *all {
                    header.push("STATE");
                }
                print!("{}", render(&header, &rows));
            }
        }
        TokenCmd::Revoke { name_or_id } => {
            c.post::<Value>(&format!("/api/v1/tokens/{name_or_id}/revoke"), &json!({}))
                .await?;
            if json_out {
                print_json(&json!({"revoked": name_or_id}));
            } else {
                println!("revoked token {name_or_id}");
            }
        }
    }
    Ok(())
}

/// Dispatches a command.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let json_out = cli.json;
    match &cli.command {
        Command::Serve(args) => {
            crate::serve::run(args.clone()).await?;
        }
        Command::Keys(KeysCmd::Generate { name }) => super::local::keys_generate(name)?,
        Command::Keys(KeysCmd::Trust { file, name }) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            let name = name.clone().unwrap_or_else(|| {
                file.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            let v: Value = client(&cli)?
                .post("/api/v1/keys", &json!({"public_key": text, "name": name}))
                .await?;
            if json_out {
                print_json(&v)
            } else {
                println!("trusted key {} ({})", s(&v["key_id"]), s(&v["name"]))
            }
        }
        Command::Keys(KeysCmd::Rotate {
            add,
            retire,
            sign_with,
        }) => {
            let c = client(&cli)?;
            let v = keys_rotate(&c, add, retire, sign_with.as_deref()).await?;
            if json_out {
                print_json(&v);
            } else {
                println!(
                    "key set {} pushed to {} devices",
                    s(&v["sequence"]),
                    s(&v["devices"])
                );
                print_key_status(&v);
            }
        }
        Command::Keys(KeysCmd::Status) => {
            let v: Value = client(&cli)?.get("/api/v1/keys/rotation").await?;
            if json_out {
                print_json(&v);
            } else {
                print_key_status(&v);
            }
        }
        Command::Keys(KeysCmd::List) => {
            let v: Vec<Value> = client(&cli)?.get("/api/v1/keys").await?;
            if json_out {
                print_json(&Value::Array(v));
            } else {
                let rows: Vec<_> = v
                    .iter()
                    .map(|k| vec![s(&k["key_id"]), s(&k["name"]), s(&k["public_key"])])
                    .collect();
                print!("{}", render(&["KEY ID", "NAME", "PUBLIC KEY"], &rows));
            }
        }
        Command::Bundle(BundleCmd::Build {
            dir,
            key,
            version,
            out,
            app,
            sequence,
            entry,
        }) => {
            let app = app.clone().unwrap_or_else(|| dir_name(dir));
            super::local::bundle_build(dir, key, &app, version, *sequence, entry, out)?;
        }
        Command::Bundle(BundleCmd::Inspect { file }) => {
            super::local::bundle_inspect(file, json_out)?
        }
        Command::Bundle(BundleCmd::Verify { file, pubkey }) => {
            return super::local::bundle_verify(file, pubkey);
        }
        Command::Bundle(BundleCmd::Upload { file }) => {
            let bytes =
                std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            let v: Value = client(&cli)?.post_bytes("/api/v1/bundles", bytes).await?;
            if json_out {
                print_json(&v)
            } else {
                println!(
                    "stored {} ({} {})",
                    s(&v["sha256"]),
                    s(&v["app"]),
                    s(&v["version"])
                )
            }
        }
        Command::Bundle(BundleCmd::List) => {
            let v: Vec<Value> = client(&cli)?.get("/api/v1/bundles").await?;
            if json_out {
                print_json(&Value::Array(v));
            } else {
                let rows: Vec<_> = v
                    .iter()
                    .map(|b| {
                        vec![
                            s(&b["sha256"]),
                            s(&b["app"]),
                            s(&b["version"]),
                            s(&b["sequence"]),
                            s(&b["size"]),
                            ago(b["created_at"].as_i64()),
                        ]
                    })
                    .collect();
                print!(
                    "{}",
                    render(
                        &["SHA256", "APP", "VERSION", "SEQ", "SIZE", "UPLOADED"],
                        &rows
                    )
                );
            }
        }
        Command::Bundle(BundleCmd::Delete { sha256 }) => {
            client(&cli)?
                .delete(&format!("/api/v1/bundles/{sha256}"))
                .await?;
            println!("deleted {sha256}");
        }
        Command::Devices { tag } => {
            let path = match tag {
                Some(t) => format!("/api/v1/devices?tag={t}"),
                None => "/api/v1/devices".into(),
            };
            let v: Vec<Value> = client(&cli)?.get(&path).await?;
            if json_out {
                print_json(&Value::Array(v));
            } else {
                let rows: Vec<_> = v
                    .iter()
                    .map(|d| {
                        let status = if d["revoked"].as_i64() == Some(1) {
                            "revoked"
                        } else if d["online"].as_i64() == Some(1) {
                            "online"
                        } else {
                            "offline"
                        };
                        let tags = d["tags"]
                            .as_array()
                            .map(|t| t.iter().map(s).collect::<Vec<_>>().join(","))
                            .unwrap_or_default();
                        vec![
                            s(&d["id"]),
                            status.into(),
                            short(d["running_bundle"].as_str()),
                            s(&d["deploy_state"]),
                            ago(d["last_seen"].as_i64()),
                            if tags.is_empty() { "-".into() } else { tags },
                        ]
                    })
                    .collect();
                print!(
                    "{}",
                    render(
                        &["ID", "STATUS", "BUNDLE", "DEPLOY", "LAST SEEN", "TAGS"],
                        &rows
                    )
                );
            }
        }
        Command::Device(cmd) => {
            let c = client(&cli)?;
            match cmd {
                DeviceCmd::Show { id } => {
                    let v: Value = c.get(&format!("/api/v1/devices/{id}")).await?;
                    print_json(&v);
                }
                DeviceCmd::Tag { id, tags } => {
                    let v: Value = c
                        .put(
                            &format!("/api/v1/devices/{id}/tags"),
                            &json!({"tags": tags}),
                        )
                        .await?;
                    if json_out {
                        print_json(&v)
                    } else {
                        println!("{id}: tags {}", s(&v["tags"]))
                    }
                }
                DeviceCmd::Revoke { id } => {
                    let _: Value = c
                        .post(&format!("/api/v1/devices/{id}/revoke"), &json!({}))
                        .await?;
                    println!("{id}: credentials revoked");
                }
                DeviceCmd::Delete { id } => {
                    c.delete(&format!("/api/v1/devices/{id}")).await?;
                    println!("{id}: deleted");
                }
                DeviceCmd::Command { id, command } => {
                    let v: Value = c
                        .post(
                            &format!("/api/v1/devices/{id}/commands"),
                            &json!({"command": command}),
                        )
                        .await?;
                    println!("{id}: {command} sent ({})", s(&v["id"]));
                }
            }
        }
        Command::Deploy {
            path,
            to,
            canary,
            waves,
            app,
            version,
            failure_threshold,
            grace,
            step_timeout,
        } => {
            let c = client(&cli)?;
            let bundle: Value = if path.is_dir() {
                let files = folder_files(path)?;
                let app = app.clone().unwrap_or_else(|| dir_name(path));
                c.post(
                    "/api/v1/bundles/build",
                    &json!({"app": app, "version": version, "files": files}),
                )
                .await?
            } else {
                let bytes =
                    std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
                c.post_bytes("/api/v1/bundles", bytes).await?
            };
            let strategy = strategy(canary.as_deref(), waves.as_deref())?;
            let body = json!({
                "bundle": bundle["sha256"], "target": to, "strategy": strategy,
                "failure_threshold": failure_threshold, "grace_secs": grace, "step_timeout_secs": step_timeout,
            });
            let r: Value = c.post("/api/v1/rollouts", &body).await?;
            if json_out {
                print_json(&r);
            } else {
                println!(
                    "bundle {} ({} {}, sequence {})",
                    s(&bundle["sha256"]),
                    s(&bundle["app"]),
                    s(&bundle["version"]),
                    s(&bundle["sequence"])
                );
                println!(
                    "rollout {} to {} started; follow it with `pyrite-fleet rollouts {}`",
                    s(&r["id"]),
                    to,
                    s(&r["id"])
                );
            }
        }
        Command::Rollouts { first, second } => {
            let c = client(&cli)?;
            let (action, id) = match (first.as_deref(), second) {
                (Some(a @ ("pause" | "resume" | "abort")), Some(id)) => (Some(a), Some(id.clone())),
                (Some("pause" | "resume" | "abort"), None) => {
                    bail!("which rollout? `rollouts pause ID`")
                }
                (Some(id), None) => (None, Some(id.to_string())),
                (Some(_), Some(_)) => {
                    bail!("use `rollouts ID` or `rollouts pause|resume|abort ID`")
                }
                (None, _) => (None, None),
            };
            match (action, id) {
                (Some(a), Some(id)) => rollout_action(&c, a, &id, json_out).await?,
                (None, Some(id)) => {
                    let v: Value = c.get(&format!("/api/v1/rollouts/{id}")).await?;
                    if json_out {
                        print_json(&v);
                    } else {
                        print!("{}", rollout_table(std::slice::from_ref(&v)));
                        if let Some(reason) = v["reason"].as_str() {
                            println!("reason: {reason}");
                        }
                        println!();
                        let rows: Vec<_> = v["devices"]
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .map(|m| {
                                        vec![
                                            s(&m["device_id"]),
                                            s(&m["wave"]),
                                            s(&m["state"]),
                                            s(&m["attempts"]),
                                            s(&m["error"]),
                                        ]
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        print!(
                            "{}",
                            render(&["DEVICE", "WAVE", "STATE", "ATTEMPTS", "ERROR"], &rows)
                        );
                    }
                }
                _ => {
                    let v: Vec<Value> = c.get("/api/v1/rollouts").await?;
                    if json_out {
                        print_json(&Value::Array(v))
                    } else {
                        print!("{}", rollout_table(&v))
                    }
                }
            }
        }
        Command::Pause { id } => rollout_action(&client(&cli)?, "pause", id, json_out).await?,
        Command::Resume { id } => rollout_action(&client(&cli)?, "resume", id, json_out).await?,
        Command::Abort { id } => rollout_action(&client(&cli)?, "abort", id, json_out).await?,
        Command::Logs {
            device,
            follow,
            lines,
        } => {
            let c = client(&cli)?;
            let first: Vec<Value> = c
                .get(&format!("/api/v1/devices/{device}/logs?limit={lines}"))
                .await?;
            let mut cursor = first.last().and_then(|l| l["id"].as_i64()).unwrap_or(0);
            let print = |l: &Value| {
                if json_out {
                    println!("{l}");
                } else {
                    let t = l["ts"]
                        .as_i64()
                        .and_then(chrono::DateTime::from_timestamp_millis)
                        .map(|t| t.format("%Y-%m-%d %H:%M:%S%.3f").to_string())
                        .unwrap_or_default();
                    println!("{t} {:<5} {}", s(&l["level"]), s(&l["message"]));
                }
            };
            first.iter().for_each(print);
            loop {
                if !*follow {
                    break;
                }
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => break,
                    _ = tokio::time::sleep(std::time::Duration::from_millis(700)) => {}
                }
                let more: Vec<Value> = c
                    .get(&format!(
                        "/api/v1/devices/{device}/logs?after={cursor}&limit=1000"
                    ))
                    .await?;
                if let Some(last) = more.last().and_then(|l| l["id"].as_i64()) {
                    cursor = last;
                }
                more.iter().for_each(print);
            }
        }
        Command::Telemetry {
            device,
            metric,
            since,
            bucket,
        } => {
            let mut path = format!("/api/v1/devices/{device}/telemetry?since={since}");
            if let Some(m) = metric {
                path.push_str(&format!("&metric={m}"));
            }
            if let Some(b) = bucket {
                path.push_str(&format!("&bucket={b}"));
            }
            let v: Value = client(&cli)?.get(&path).await?;
            if json_out {
                print_json(&v);
            } else {
                let rows: Vec<_> = v["buckets"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|b| {
                                let t = b["ts"]
                                    .as_i64()
                                    .and_then(chrono::DateTime::from_timestamp_millis)
                                    .map(|t| t.format("%H:%M:%S").to_string())
                                    .unwrap_or_default();
                                let f = |x: &Value| {
                                    x.as_f64().map(|x| format!("{x:.3}")).unwrap_or_default()
                                };
                                vec![
                                    s(&b["metric"]),
                                    t,
                                    f(&b["avg"]),
                                    f(&b["min"]),
                                    f(&b["max"]),
                                    s(&b["count"]),
                                ]
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                print!(
                    "{}",
                    render(&["METRIC", "TIME", "AVG", "MIN", "MAX", "N"], &rows)
                );
            }
        }
        Command::Repl { device } => return super::repl::run(&client(&cli)?, device).await,
        Command::EnrollToken { rotate } => {
            let c = client(&cli)?;
            let v: Value = if *rotate {
                c.post("/api/v1/enroll-token/rotate", &json!({})).await?
            } else {
                c.get("/api/v1/enroll-token").await?
            };
            if json_out {
                print_json(&v)
            } else {
                println!("{}", s(&v["enroll_token"]))
            }
        }
        Command::Token(cmd) => token_command(&client(&cli)?, cmd, json_out).await?,
        Command::MosquittoConfig {
            out,
            port,
            bind,
            database,
            data,
        } => {
            let url = database
                .clone()
                .unwrap_or_else(|| crate::store::Store::sqlite_url_for(data));
            let store = crate::store::Store::connect(&url)
                .await
                .context("opening the fleet database")?;
            crate::services::devices::write_mosquitto(&store, out, Some((bind.as_deref(), *port)))
                .await?;
            store.close().await;
            println!(
                "wrote mosquitto.conf, passwords and acl to {}",
                out.display()
            );
            println!(
                "start the server with: pyrite-fleet serve --broker mqtt://HOST:{port} --mosquitto-dir {}",
                out.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `keys rotate`: the change goes to the server, which signs it with its
/// own key; with `--sign-with` the new set is computed and signed here.
async fn keys_rotate(
    c: &Client,
    add: &[std::path::PathBuf],
    retire: &[String],
    sign_with: Option<&Path>,
) -> anyhow::Result<Value> {
    use pyrite_protocol::keyfile;
    let mut add_keys = Vec::new();
    let mut add_json = Vec::new();
    for f in add {
        let k = keyfile::read_public_key(f).with_context(|| format!("reading {}", f.display()))?;
        let name = f
            .file_stem()
            .map_or_else(|| k.id().to_string(), |n| n.to_string_lossy().into_owned());
        add_json.push(json!({"public_key": k.to_text(), "name": name}));
        add_keys.push(k);
    }
    let mut retire_ids = Vec::new();
    for r in retire {
        let p = Path::new(r);
        if p.is_file() {
            let k =
                keyfile::read_public_key(p).with_context(|| format!("reading {}", p.display()))?;
            retire_ids.push(k.id().to_string());
        } else {
            retire_ids.push(r.clone());
        }
    }
    let body = match sign_with {
        None => json!({"add": add_json, "retire": retire_ids}),
        Some(key_file) => {
            let key = keyfile::read_secret_key(key_file)
                .with_context(|| format!("reading {}", key_file.display()))?;
            let status: Value = c.get("/api/v1/keys/rotation").await?;
            let mut current = Vec::new();
            for k in status["keys"].as_array().into_iter().flatten() {
                let text = k["public_key"].as_str().unwrap_or_default();
                current.push(
                    pyrite_protocol::keys::PublicKey::from_text(text)
                        .map_err(|e| anyhow::anyhow!("the server sent an unreadable key: {e}"))?,
                );
            }
            let next = crate::services::keys::next_set(&current, &add_keys, &retire_ids)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let sequence = status["sequence"]
                .as_u64()
                .ok_or_else(|| anyhow::anyhow!("the server sent no key-set sequence"))?
                + 1;
            let msg = pyrite_protocol::rotation::sign_key_rotation(sequence, next, &key)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            json!({"rotation": msg, "add": add_json})
        }
    };
    c.post("/api/v1/keys/rotate", &body).await
}

fn print_key_status(v: &Value) {
    println!(
        "key set {} (signed by {}); {} of {} devices have it",
        s(&v["sequence"]),
        s(&v["signer"]),
        s(&v["acknowledged"]),
        s(&v["devices"])
    );
    let rows: Vec<_> = v["keys"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|k| vec![s(&k["key_id"]), s(&k["name"])])
        .collect();
    print!("{}", render(&["KEY ID", "NAME"], &rows));
    let pending: Vec<String> = v["pending"]
        .as_array()
        .into_iter()
        .flatten()
        .map(s)
        .collect();
    if !pending.is_empty() {
        println!("waiting for: {}", pending.join(", "));
    }
}

async fn rollout_action(c: &Client, action: &str, id: &str, json_out: bool) -> anyhow::Result<()> {
    let v: Value = c
        .post(&format!("/api/v1/rollouts/{id}/{action}"), &json!({}))
        .await?;
    if json_out {
        print_json(&v)
    } else {
        println!("rollout {id}: {}", s(&v["state"]))
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategies_from_flags() {
        assert_eq!(
            strategy(Some("2"), None).unwrap(),
            json!({"kind":"canary","count":2})
        );
        assert_eq!(
            strategy(Some("10%"), None).unwrap(),
            json!({"kind":"canary","percent":10})
        );
        assert_eq!(
            strategy(None, Some(&[5, 50, 100])).unwrap(),
            json!({"kind":"waves","percents":[5,50,100]})
        );
        assert_eq!(strategy(None, None).unwrap(), json!({"kind":"all_at_once"}));
        assert!(strategy(Some("x"), None).is_err());
    }
}
