import type { BarSeriesOption } from 'echarts/charts';
import { BarChart as Bars } from 'echarts/charts';
import type {
  GridComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import {
  AriaComponent,
  GridComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what these charts draw, so the statistics page does not carry the whole of ECharts.
// echarts-for-react 3.0.6 imports tslib without declaring it (the build cannot resolve it), and all
// it would add here is init / setOption / resize / dispose: those are done directly below.
echarts.use([
  Bars,
  GridComponent,
  TooltipComponent,
  MarkLineComponent,
  TitleComponent,
  AriaComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
>;

export interface BarDatum {
  /** The code the click opens the list with. */
  key: string;
  label: string;
  value: number;
  color?: string;
}

export const PRIMARY = '#1f5fbf';
export const RED = '#cf1322';
export const GREEN = '#389e0d';

const FONT =
  "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

/** A titled bar chart with units on the axis and in the tooltip; clicking a bar calls `onPick`. */
export function BarChart({
  title,
  unit,
  data,
  horizontal = false,
  height = 280,
  percent = false,
  target,
  min,
  onPick,
  testId,
}: {
  title: string;
  unit: string;
  data: BarDatum[];
  horizontal?: boolean;
  height?: number;
  /** Values are rates 0–100, shown as 98.2%. */
  percent?: boolean;
  /** A dashed target line (same scale as the values). */
  target?: { value: number; label: string };
  /** Where the value axis starts (rates bunched near 100 % read better from, say, 80). */
  min?: number;
  onPick?: (datum: BarDatum) => void;
  testId?: string;
}) {
  const show = (v: number) => (percent ? `${v.toFixed(1)}%` : `${v.toLocaleString('en-US')} ${unit}`);
  const categoryAxis = {
    type: 'category' as const,
    data: data.map((d) => d.label),
    axisTick: { show: false },
    // Long names (严重精神障碍患者) wrap instead of being cut off.
    axisLabel: {
      color: '#5f6670',
      interval: 0,
      width: horizontal ? 96 : 64,
      overflow: horizontal ? ('truncate' as const) : ('breakAll' as const),
      lineHeight: 14,
    },
  };
  const valueAxis = {
    type: 'value' as const,
    name: percent ? '单位：%' : `单位：${unit}`,
    nameLocation: horizontal ? ('middle' as const) : ('end' as const),
    nameGap: horizontal ? 26 : 15,
    nameTextStyle: { color: '#8c8c8c', align: horizontal ? ('center' as const) : ('left' as const) },
    minInterval: 1,
    min,
    max: percent ? 100 : undefined,
    splitLine: { lineStyle: { color: '#eef0f3' } },
    axisLabel: { color: '#8c8c8c' },
  };
  const option: ChartOption = {
    textStyle: { fontFamily: FONT },
    title: {
      text: title,
      left: 0,
      top: 0,
      textStyle: { fontSize: 14, fontWeight: 600, color: 'rgba(0,0,0,0.85)' },
    },
    aria: { enabled: true },
    grid: { left: 8, right: horizontal ? 56 : 16, top: 52, bottom: horizontal ? 28 : 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { name, value } = p as { name: string; value: number };
        return `${name}：${show(value)}${onPick ? '<br/><span style="color:#8c8c8c">点击查看名单</span>' : ''}`;
      },
    },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: [
      {
        type: 'bar',
        barMaxWidth: horizontal ? 18 : 36,
        cursor: onPick ? 'pointer' : 'default',
        data: data.map((d) => ({
          value: d.value,
          itemStyle: { color: d.color ?? PRIMARY, borderRadius: horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0] },
        })),
        label: {
          show: true,
          position: horizontal ? 'right' : 'top',
          color: '#5f6670',
          formatter: (p: unknown) => {
            const v = (p as { value: number }).value;
            return percent ? `${v.toFixed(1)}%` : v.toLocaleString('en-US');
          },
        },
        markLine: target
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: RED, type: 'dashed' },
              // The category axis runs top-down (inverse), so the line's start is its top.
              label: { formatter: target.label, color: RED, position: horizontal ? 'start' : 'end' },
              data: [horizontal ? { xAxis: target.value } : { yAxis: target.value }],
            }
          : undefined,
      },
    ],
  };
  // Parents rebuild `data` on every render; redraw (and re-animate) only when what it shows changes.
  const signature = JSON.stringify([title, unit, data, horizontal, percent, target, min, !!onPick]);
  return (
    <EChart
      option={option}
      signature={signature}
      height={height}
      testId={testId}
      onClickIndex={onPick && ((i) => onPick(data[i]))}
    />
  );
}

/** One ECharts instance bound to a div: follows the option, the container's width, and clicks. */
function EChart({
  option,
  signature,
  height,
  testId,
  onClickIndex,
}: {
  option: ChartOption;
  signature: string;
  height: number;
  testId?: string;
  onClickIndex?: (dataIndex: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClickIndex);
  click.current = onClickIndex;
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (e) => {
      if (typeof e.dataIndex === 'number') click.current?.(e.dataIndex);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the signature stands for the option
  useEffect(() => {
    chart.current?.setOption(latest.current, { notMerge: true });
  }, [signature]);

  return <div ref={box} data-testid={testId} style={{ height, width: '100%' }} />;
}
