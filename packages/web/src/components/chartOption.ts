import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, FunnelSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

/** The chart options this app uses: pies, bars and funnels with grid, legend and tooltip. */
export type ChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | FunnelSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
