import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, FunnelSeriesOption, PieSeriesOption, RadarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, RadarComponentOption, TooltipComponentOption } from 'echarts/components';

/** The chart options this app uses: pies, bars, funnels and radars with grid, legend and tooltip. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | PieSeriesOption
  | FunnelSeriesOption
  | RadarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | RadarComponentOption
  | TooltipComponentOption
>;
