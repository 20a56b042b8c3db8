import { Tag } from 'antd';
import type { Grade } from '@xiaoguan/shared';

const COLORS: Record<Grade, string> = { A: 'green', B: 'blue', C: 'gold', D: 'red' };

export function GradeTag({ grade }: { grade: Grade | null }) {
  if (!grade) return <>—</>;
  return (
    <Tag color={COLORS[grade]} data-testid="grade-tag">
      {grade}
    </Tag>
  );
}
