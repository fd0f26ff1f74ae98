import { describe, expect, it } from "vitest";
import { h, type VNode } from "preact";
import { RolloutActions } from "./Rollouts";
import { CommandButtons } from "./Device";
import { GatedLink, Link } from "../components/ui";
import type { Role } from "../permissions";

type Props = Record<string, unknown> & { children?: unknown };

/**
 * Renders a tree without a DOM: calls its components (these controls use no
 * hooks; Fragment returns its children) down to HTML elements and `Link`s.
 */
function elements(node: unknown): VNode<Props>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (!node || typeof node !== "object" || !("type" in node)) return [];
  const v = node as VNode<Props>;
  if (typeof v.type === "function" && v.type !== Link) return elements((v.type as (p: Props) => unknown)(v.props));
  return [v, ...elements(v.props.children)];
}
function text(node: unknown): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(text).join("");
  if (node && typeof node === "object" && "props" in node) return text((node as VNode<Props>).props.children);
  return "";
}

/** The buttons a control renders: label, whether usable, tooltip. */
function buttons(tree: unknown): { label: string; enabled: boolean; title: unknown }[] {
  return elements(tree)
    .filter((e) => e.type === "button")
    .map((e) => ({ label: text(e.props.children), enabled: !e.props.disabled, title: e.props.title }));
}

const noop = () => {};
const NEEDS_OPERATOR = "Needs the operator role (this token is read-only)";

describe("controls by role", () => {
  it("a rollout's page disables pause and abort for read-only, with the role needed as tooltip", () => {
    const ro = buttons(h(RolloutActions, { state: "running", role: "read-only", onAct: noop }));
    expect(ro).toEqual([
      { label: "Pause", enabled: false, title: NEEDS_OPERATOR },
      { label: "Abort", enabled: false, title: NEEDS_OPERATOR },
    ]);
    for (const role of ["operator", "admin"] as Role[]) {
      expect(buttons(h(RolloutActions, { state: "paused", role, onAct: noop }))).toEqual([
        { label: "Resume", enabled: true, title: undefined },
        { label: "Abort", enabled: true, title: undefined },
      ]);
    }
    expect(buttons(h(RolloutActions, { state: "completed", role: "admin", onAct: noop }))).toEqual([]);
  });

  it("a device's commands are disabled for read-only and while a command is sent", () => {
    const ro = buttons(h(CommandButtons, { role: "read-only", busy: false, onSend: noop }));
    expect(ro.map((b) => b.label)).toEqual(["Start app", "Stop app", "Reboot"]);
    expect(ro.every((b) => !b.enabled && b.title === NEEDS_OPERATOR)).toBe(true);
    expect(buttons(h(CommandButtons, { role: "operator", busy: false, onSend: noop })).every((b) => b.enabled && b.title === undefined)).toBe(true);
    expect(buttons(h(CommandButtons, { role: "operator", busy: true, onSend: noop })).some((b) => b.enabled)).toBe(false);
  });

  it("“New rollout” is a link for operators and an inert, explained label for read-only", () => {
    const ro = elements(h(GatedLink, { role: "read-only", action: "rollout.create", href: "/rollouts/new", class: "btn", children: "New rollout" }));
    expect(ro.map((e) => [e.type, e.props.title, e.props["aria-disabled"], e.props.href])).toEqual([["span", NEEDS_OPERATOR, "true", undefined]]);
    const op = elements(h(GatedLink, { role: "operator", action: "rollout.create", href: "/rollouts/new", class: "btn", children: "New rollout" }));
    expect(op.map((e) => [e.type, e.props.href])).toEqual([[Link, "/rollouts/new"]]);
  });
});
