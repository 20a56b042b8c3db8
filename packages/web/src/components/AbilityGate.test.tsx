import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { Contract } from '@xiaoguan/shared';
import { renderInApp, testMe } from '../test/render';
import { AbilityGate } from './AbilityGate';
import { ContractOrders } from '../modules/orders/ContractOrders';

describe('buttons shown by the server’s abilities', () => {
  it('AbilityGate shows its children only when the record’s ability and the permission both allow', () => {
    const me = testMe({ permissions: { 'contracts.write': true } });
    renderInApp(
      <>
        <AbilityGate abilities={{ send: true }} ability="send">
          <button>发送</button>
        </AbilityGate>
        <AbilityGate abilities={{ accept: false }} ability="accept" fallback={<span>不可接受</span>}>
          <button>接受</button>
        </AbilityGate>
        <AbilityGate abilities={{ contract: true }} ability="contract" permission="contracts.write">
          <button>转合同</button>
        </AbilityGate>
        <AbilityGate abilities={{ decline: true }} ability="decline" permission="quotes.write">
          <button>拒绝</button>
        </AbilityGate>
      </>,
      { me },
    );
    expect(screen.getByRole('button', { name: '发送' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '接受' })).not.toBeInTheDocument();
    expect(screen.getByText('不可接受')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '转合同' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '拒绝' })).not.toBeInTheDocument();
  });

  it('a contract offers “new order” only while it takes orders and the user may write orders', () => {
    const contract = (takeOrders: boolean) =>
      ({ id: '00000000-0000-4000-8000-00000000000c', abilities: { takeOrders } }) as unknown as Contract;
    const writer = testMe({ permissions: { 'orders.write': true } });
    const first = renderInApp(<ContractOrders contract={contract(true)} />, { me: writer });
    expect(screen.getByRole('button', { name: /新建订单/ })).toBeInTheDocument();
    first.unmount();
    const second = renderInApp(<ContractOrders contract={contract(false)} />, { me: writer });
    expect(screen.queryByRole('button', { name: /新建订单/ })).not.toBeInTheDocument();
    second.unmount();
    renderInApp(<ContractOrders contract={contract(true)} />, { me: testMe() });
    expect(screen.queryByRole('button', { name: /新建订单/ })).not.toBeInTheDocument();
  });
});
