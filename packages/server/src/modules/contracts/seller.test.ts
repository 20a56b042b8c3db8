import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../platform/settings/settings.js';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { sellerOf } from './seller.js';

/** Issue 16: a generated contract names the seller from company settings, not "本公司" with a blank credit code. */
let t: TestApp;
let rep: Client;
let admin: Client;
beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  admin = await t.loginAs('admin');
});
afterAll(() => t.close());

describe('the seller on generated contracts', () => {
  it('a draft merges the seller fields from the settings admin keeps; a bad credit code is refused naming the field', async () => {
    const bad = await admin.patch('/api/v1/settings', { sellerCreditCode: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.sellerCreditCode');
    const saved = await admin.patch('/api/v1/settings', {
      sellerLegalName: '杭州示例科技有限公司',
      sellerCreditCode: '91330100MA27XL0E2K',
      sellerAddress: '杭州市滨江区网商路 699 号',
      sellerBankName: '中国工商银行杭州高新支行',
      sellerBankAccount: '1202 0212 0990 0123 456',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const template = await admin.post('/api/v1/contract-templates', {
      name: '含卖方信息的合同',
      body: '乙方：{{seller.name}}\n信用代码：{{seller.creditCode}}\n地址：{{seller.address}}\n开户行：{{seller.bankName}} {{seller.bankAccount}}',
    });
    expect(template.statusCode, template.body).toBe(201);
    const customer = (await rep.post('/api/v1/customers', { kind: 'organization', name: '卖方信息测试客户有限公司' })).json();
    const contract = await rep.post('/api/v1/contracts', {
      customerId: customer.id,
      title: '年度采购合同',
      amountCents: 1_000_000,
      templateId: template.json().id,
    });
    expect(contract.statusCode, contract.body).toBe(201);
    expect(contract.json().mergedBody).toBe(
      '乙方：杭州示例科技有限公司\n信用代码：91330100MA27XL0E2K\n地址：杭州市滨江区网商路 699 号\n开户行：中国工商银行杭州高新支行 1202 0212 0990 0123 456',
    );
  });

  it('a blank legal name falls back to the company name', () => {
    expect(sellerOf({ ...DEFAULT_SETTINGS, companyName: '某某有限公司', sellerLegalName: ' ' }).name).toBe('某某有限公司');
  });
});
