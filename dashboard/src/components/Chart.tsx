// One telemetry series as a uPlot line chart: time axis, value axis with units,
// hover legend; resized with its container and updated in place on new points.

import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { axisLabels, withUnit } from "../format";

export interface ChartProps {
  /** The metric's name (the chart's identity). */
  title: string;
  /** What the caption says (default: the metric's name). */
  label?: string;
  unit?: string | null;
  /** [unix ms, value], sorted by time. */
  points: [number, number][];
  /** Visible range in unix ms; the x axis spans it even where there is no data. */
  from: number;
  to: number;
  color?: string;
}

function toData(points: [number, number][]): uPlot.AlignedData {
  const xs = new Float64Array(points.length);
  const ys = new Float64Array(points.length);
  points.forEach(([t, v], i) => {
    xs[i] = t / 1000;
    ys[i] = v;
  });
  return [xs as unknown as number[], ys as unknown as number[]];
}

export function Chart(props: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const range = useRef({ from: props.from, to: props.to });
  range.current = { from: props.from, to: props.to };

  useEffect(() => {
    if (!host.current) return;
    const unit = props.unit ?? "";
    const opts: uPlot.Options = {
      width: Math.max(200, host.current.clientWidth),
      height: 200,
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      scales: {
        x: { time: true, range: () => [range.current.from / 1000, range.current.to / 1000] },
      },
      axes: [
        { stroke: "#64748b", grid: { stroke: "#e2e8f0", width: 1 }, ticks: { stroke: "#cbd5e1" } },
        {
          stroke: "#64748b",
          // Wide enough for the longest label ("1 h 23 min", "195 KiB").
          size: (_u, values) => (values && values.length ? Math.max(...values.map((v) => String(v).length)) * 7 + 20 : 50),
          grid: { stroke: "#e2e8f0", width: 1 },
          ticks: { stroke: "#cbd5e1" },
          values: (_u, splits) => axisLabels(splits, unit),
        },
      ],
      series: [
        { label: "time" },
        {
          label: props.label ?? props.title,
          stroke: props.color ?? "#b7791f",
          width: 2,
          fill: `${props.color ?? "#b7791f"}14`,
          points: { show: props.points.length < 60 },
          value: (_u, v) => withUnit(v, unit),
        },
      ],
    };
    const u = new uPlot(opts, toData(props.points), host.current);
    plot.current = u;
    const ro = new ResizeObserver(() => {
      if (host.current) u.setSize({ width: Math.max(200, host.current.clientWidth), height: 200 });
    });
    ro.observe(host.current);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its identity changes; data updates go through setData.
  }, [props.title, props.unit]);

  useEffect(() => {
    plot.current?.setData(toData(props.points), true);
  }, [props.points, props.from, props.to]);

  return (
    <figure class="chart" data-metric={props.title} data-points={props.points.length} data-from={Math.round(props.from)} data-to={Math.round(props.to)}>
      <figcaption>
        {props.label ?? props.title}
        {props.unit ? <span class="unit"> ({props.unit})</span> : null}
      </figcaption>
      <div ref={host} />
    </figure>
  );
}
