import { describe, expect, it } from 'vitest';
import { DEFAULT_INVITATION_SCRIPT, mergeScript, salutation } from './invitation-script.js';

describe('invitation script merge (001 邀约话术)', () => {
  it('addresses by surname and 先生/女士 from the gender, by full name when unknown', () => {
    expect(salutation('王芳', 'female')).toBe('王女士');
    expect(salutation('李建国', 'male')).toBe('李先生');
    expect(salutation('欧阳明月', 'female')).toBe('欧阳女士');
    expect(salutation('张三', null)).toBe('张三');
    expect(salutation('Li Lei', 'male')).toBe('Li Lei先生');
  });

  it('fills the seed example script', () => {
    const text = mergeScript(DEFAULT_INVITATION_SCRIPT, {
      称呼: '王女士',
      公司: '华东贸易',
      销售: '陈伟',
      公司名称: '示例科技有限公司',
      主题: '健康讲座',
      时间: '5月20日 14:00',
      地点: '锦江饭店',
    });
    expect(text).toContain('您好，王女士，我是示例科技有限公司的销售陈伟。');
    expect(text).toContain('关于健康讲座的会议营销活动');
    expect(text).toContain('时间是5月20日 14:00，地点在锦江饭店。');
  });

  it('leaves an unknown field visible', () => {
    expect(mergeScript('{称呼} {未知}', { 称呼: 'A', 公司: '', 销售: '', 公司名称: '', 主题: '', 时间: '', 地点: '' })).toBe('A {未知}');
  });
});
