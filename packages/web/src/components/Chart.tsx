import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';
import type { ChartOption } from './chartOption';

export type { ChartOption } from './chartOption';

// echarts lives in its own chunk, fetched only when a page draws a chart.
const EChart = lazy(() => import('./EChart'));

export function Chart({ option, height = 280, ariaLabel }: { option: ChartOption; height?: number; ariaLabel?: string }) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height }} />}>
      <EChart option={option} height={height} ariaLabel={ariaLabel} />
    </Suspense>
  );
}
