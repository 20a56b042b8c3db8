import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderInApp, testMe } from '../../test/render';
import { OpportunityFilterBar, useOpportunityParams } from './filters';

function Harness() {
  const { params, update, activeFilters } = useOpportunityParams();
  return <OpportunityFilterBar params={params} update={update} activeFilters={activeFilters} mode="list" />;
}

describe('opportunity filters follow the server’s seesOthers ability', () => {
  it('owner and team filters for those who read others’ records', () => {
    renderInApp(<Harness />, { me: testMe({ roles: ['supervisor'], seesOthers: true }) });
    expect(screen.getByTestId('opportunities-owner')).toBeInTheDocument();
    expect(screen.getByTestId('opportunities-team')).toBeInTheDocument();
  });

  it('none for those who read only their own, whatever their role is called', () => {
    renderInApp(<Harness />, { me: testMe({ roles: ['support'], seesOthers: false }) });
    expect(screen.queryByTestId('opportunities-owner')).not.toBeInTheDocument();
    expect(screen.queryByTestId('opportunities-team')).not.toBeInTheDocument();
    expect(screen.getByPlaceholderText('搜索商机或客户名称')).toBeInTheDocument();
  });
});
