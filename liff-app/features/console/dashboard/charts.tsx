import { useId, useState, type ReactNode } from "react";
import { useI18n } from "../../../lib/i18n.tsx";

// Two small SVG charts for the dashboard, drawn without a chart library. The SVG is a picture
// for sighted readers (aria-hidden, with a one-line summary as the figure's caption); the
// numbers are in a table next to it, visually hidden until the reader asks to see it, so
// screen readers always get them.

const WIDTH = 600;
const HEIGHT = 200;
const PAD = { top: 8, right: 8, bottom: 8, left: 8 };

const x = (index: number, count: number) => PAD.left + (count <= 1 ? 0 : (index / (count - 1)) * (WIDTH - PAD.left - PAD.right));
const y = (value: number, max: number) => HEIGHT - PAD.bottom - (max > 0 ? value / max : 0) * (HEIGHT - PAD.top - PAD.bottom);

export interface LinePoint {
  value: number | null;
  /** Drawn dashed: an estimate rather than a record. */
  estimated: boolean;
}

/** Runs of consecutive points, split where a value is missing or the dashing changes. */
function segments(points: LinePoint[]): { estimated: boolean; indexes: number[] }[] {
  const runs: { estimated: boolean; indexes: number[] }[] = [];
  points.forEach((point, index) => {
    if (point.value === null) return;
    const previous = points[index - 1];
    const last = runs.at(-1);
    const joins = previous !== undefined && previous.value !== null && last !== undefined;
    // A step into or out of an estimate is drawn dashed.
    const estimated = point.estimated || (joins && previous.estimated);
    if (joins && last.estimated === estimated) last.indexes.push(index);
    else runs.push({ estimated, indexes: joins ? [index - 1, index] : [index] });
  });
  return runs;
}

export function LineChart({ points, max }: { points: LinePoint[]; max: number }) {
  const gridValues = [0, 0.25, 0.5, 0.75, 1].map((share) => share * max);
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
      {gridValues.map((value) => (
        <line key={value} className="chart__grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(value, max)} y2={y(value, max)} />
      ))}
      {segments(points).map((run) =>
        run.indexes.length === 1 ? (
          // A lone day: a round-capped line of no length draws a dot that the stretch cannot distort.
          <line
            key={run.indexes[0]}
            className="chart__dot"
            x1={x(run.indexes[0]!, points.length)}
            x2={x(run.indexes[0]!, points.length)}
            y1={y(points[run.indexes[0]!]!.value!, max)}
            y2={y(points[run.indexes[0]!]!.value!, max)}
          />
        ) : (
          <polyline
            key={`${run.indexes[0]}-${run.estimated}`}
            className={run.estimated ? "chart__line chart__line--estimated" : "chart__line"}
            points={run.indexes.map((index) => `${x(index, points.length)},${y(points[index]!.value!, max)}`).join(" ")}
          />
        ),
      )}
    </svg>
  );
}

export interface BarSeries {
  key: string;
  className: string;
  values: number[];
}

/** Stacked bars, one per day. */
export function StackedBarChart({ series, count }: { series: BarSeries[]; count: number }) {
  const totals = Array.from({ length: count }, (_, index) => series.reduce((sum, s) => sum + (s.values[index] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, count);
  const barWidth = Math.max(1, slot * 0.7);
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <line className="chart__grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0, max)} y2={y(0, max)} />
      {Array.from({ length: count }, (_, index) => {
        let base = 0;
        return series.map((s) => {
          const value = s.values[index] ?? 0;
          if (value === 0) return null;
          const top = y(base + value, max);
          const bottom = y(base, max);
          base += value;
          return (
            <rect
              key={`${s.key}-${index}`}
              className={s.className}
              x={PAD.left + index * slot + (slot - barWidth) / 2}
              y={top}
              width={barWidth}
              height={Math.max(0.5, bottom - top)}
            />
          );
        });
      })}
    </svg>
  );
}

/** A chart with its caption, axis labels, legend and the same numbers as a table. */
export function ChartFigure({
  caption,
  axis,
  legend,
  chart,
  table,
  testId,
}: {
  caption: string;
  axis: { start: string; end: string; top: string };
  legend?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  testId: string;
}) {
  const { t } = useI18n();
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  return (
    <figure className="chart-figure" data-testid={testId}>
      <figcaption className="visually-hidden">{caption}</figcaption>
      <div className="chart-figure__plot">
        <span className="chart-figure__top" aria-hidden="true">
          {axis.top}
        </span>
        {chart}
        <div className="chart-figure__axis" aria-hidden="true">
          <span>{axis.start}</span>
          <span>{axis.end}</span>
        </div>
      </div>
      {legend}
      <button
        type="button"
        className="button button--secondary chart-figure__toggle"
        aria-expanded={showTable}
        aria-controls={tableId}
        onClick={() => setShowTable((shown) => !shown)}
      >
        {showTable ? t("consoleDashboard.hideTable") : t("consoleDashboard.showTable")}
      </button>
      <div
        id={tableId}
        className={showTable ? "console-table__scroll" : "visually-hidden"}
        {...(showTable ? { role: "region", tabIndex: 0, "aria-label": caption } : {})}
      >
        {table}
      </div>
    </figure>
  );
}
