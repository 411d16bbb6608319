import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Whoever asked the system for less motion gets the charts drawn at once, without their growing animation. */
const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/** A tree-shaken ECharts canvas that follows its option, resizes with the window and honours reduced motion. */
export function Chart({
  option,
  height = 260,
  onClick,
  testId,
}: {
  option: echarts.EChartsCoreOption;
  height?: number;
  /** Called with the clicked segment's category name and series name (drill-down). */
  onClick?: (name: string, series: string | undefined) => void;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!el.current) return undefined;
    chart.current = echarts.init(el.current);
    chart.current.on('click', (p) =>
      click.current?.(String((p as { name?: string }).name ?? ''), (p as { seriesName?: string }).seriesName),
    );
    const onResize = () => chart.current?.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(reducedMotion() ? { ...option, animation: false } : option, true);
  }, [option]);
  return (
    <div ref={el} data-testid={testId} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} />
  );
}
