import { useState, type DragEvent } from 'react';
import { App, Button, Dropdown, Empty, Flex, Skeleton, Tooltip, Typography } from 'antd';
import { CalendarOutlined, ClockCircleOutlined, HolderOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { OPPORTUNITY_STAGES, type BoardColumn, type Opportunity, type OpportunityStage } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { formatDate } from '../../core/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText } from '../../components/MoneyText';
import { useIsPhone } from '../../components/useMediaQuery';
import { useSeesOthers } from '../../components/useSeesOthers';
import { fetchColumn, useBoard, useMoveOpportunity, type OpportunityFilters } from './api';
import { OpportunitiesHeader, OpportunityFilterBar, useOpportunityParams } from './filters';
import { isClosed, STAGE_HEX } from './labels';
import { OpportunityDrawer } from './OpportunityDrawer';
import { LostReasonModal, useStageErrorReporter, type LostValues } from './StageDialogs';
import { cardTitle } from './card-title';

interface DropTarget {
  stage: OpportunityStage;
  /** The card the dragged one lands above; null = the bottom of the column. */
  beforeId: string | null;
}

interface Loaded {
  /** The board fetch these extra cards continue (a refetch starts over). */
  at: number;
  cards: Partial<Record<OpportunityStage, Opportunity[]>>;
  more: Partial<Record<OpportunityStage, boolean>>;
}

function Card({
  card,
  seesOthers,
  dragging,
  onDragStart,
  onDragEnd,
  onDragOverCard,
  dropAbove,
  onMoveTo,
  pending,
}: {
  card: Opportunity;
  seesOthers: boolean;
  dragging: boolean;
  onDragStart: (event: DragEvent) => void;
  onDragEnd: () => void;
  onDragOverCard: (event: DragEvent) => void;
  dropAbove: boolean;
  onMoveTo: (stage: OpportunityStage) => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const today = formatDate(new Date(), timeZone);
  const overdue = !isClosed(card.stage) && card.expectedCloseOn !== null && card.expectedCloseOn < today;
  const canMove = card.abilities.move === true;
  return (
    <>
      {dropAbove ? (
        <div style={{ height: 3, background: '#1677ff', borderRadius: 2, margin: '2px 0 6px' }} data-testid="drop-indicator" />
      ) : null}
      <div
        draggable={canMove}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragOver={onDragOverCard}
        data-testid={`board-card-${card.id}`}
        data-name={card.name}
        style={{
          background: '#fff',
          borderRadius: 8,
          padding: '10px 12px',
          marginBottom: 8,
          boxShadow: '0 1px 2px rgba(16,24,40,0.08)',
          border: '1px solid #eef0f4',
          cursor: canMove ? 'grab' : 'default',
          opacity: dragging || pending ? 0.45 : 1,
        }}
      >
        <Flex justify="space-between" gap={6} align="flex-start">
          <Link
            to={`/opportunities/${card.id}`}
            state={{ from: '/opportunities' + window.location.search }}
            style={{ fontWeight: 500, color: '#1f2a44', wordBreak: 'break-word', minWidth: 0 }}
            draggable={false}
          >
            {cardTitle(card.name, card.customerName)}
          </Link>
          {canMove ? (
            <Dropdown
              trigger={['click']}
              menu={{
                items: OPPORTUNITY_STAGES.filter((stage) => stage !== card.stage).map((stage) => ({
                  key: stage,
                  label: t(`opportunities.stages.${stage}`),
                })),
                onClick: ({ key }) => onMoveTo(key as OpportunityStage),
              }}
            >
              <Button
                size="small"
                type="text"
                icon={<SwapOutlined />}
                aria-label={t('opportunities.board.moveTo')}
                data-testid={`board-card-move-${card.id}`}
              />
            </Dropdown>
          ) : null}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 2 }} ellipsis>
          {card.customerName}
        </Typography.Text>
        <Flex justify="space-between" align="baseline" style={{ marginTop: 6 }}>
          <MoneyText cents={card.amountCents} style={{ fontWeight: 600 }} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {card.probability}%
          </Typography.Text>
        </Flex>
        <Flex gap={10} wrap style={{ marginTop: 6, fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>
          {card.expectedCloseOn ? (
            <span style={{ color: overdue ? '#cf1322' : undefined }}>
              <CalendarOutlined /> {card.expectedCloseOn}
            </span>
          ) : null}
          <Tooltip title={t('opportunities.fields.daysInStage')}>
            <span>
              <ClockCircleOutlined /> {t('opportunities.days', { count: card.daysInStage })}
            </span>
          </Tooltip>
          {seesOthers ? (
            <span>
              <UserOutlined /> {card.ownerName}
            </span>
          ) : null}
          {canMove ? <HolderOutlined style={{ marginInlineStart: 'auto' }} /> : null}
        </Flex>
      </div>
    </>
  );
}

/** The kanban: one column per stage with count, Σ amount and Σ weighted; drag cards across and within columns. */
export default function BoardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const seesOthers = useSeesOthers();
  const { params, update, boardFilters, activeFilters } = useOpportunityParams();
  const board = useBoard(boardFilters);
  const move = useMoveOpportunity();
  const report = useStageErrorReporter();
  const [creating, setCreating] = useState(false);
  const [dragged, setDragged] = useState<Opportunity | null>(null);
  const [target, setTarget] = useState<DropTarget | null>(null);
  const [losing, setLosing] = useState<{ card: Opportunity; beforeId: string | null } | null>(null);
  const [loaded, setLoaded] = useState<Loaded>({ at: 0, cards: {}, more: {} });
  const [loadingStage, setLoadingStage] = useState<OpportunityStage | null>(null);
  const extra = loaded.at === board.dataUpdatedAt ? loaded : { at: board.dataUpdatedAt, cards: {}, more: {} };

  const cardsOf = (column: BoardColumn) => [...column.cards, ...(extra.cards[column.stage] ?? [])];
  const hasMore = (column: BoardColumn) => extra.more[column.stage] ?? column.hasMore;

  const loadMore = async (column: BoardColumn, filters: OpportunityFilters) => {
    setLoadingStage(column.stage);
    try {
      const next = await fetchColumn(filters, column.stage, cardsOf(column).length);
      const slice = next.columns[0];
      setLoaded({
        at: board.dataUpdatedAt,
        cards: { ...extra.cards, [column.stage]: [...(extra.cards[column.stage] ?? []), ...(slice?.cards ?? [])] },
        more: { ...extra.more, [column.stage]: slice?.hasMore ?? false },
      });
    } catch (error) {
      report(error);
    } finally {
      setLoadingStage(null);
    }
  };

  const perform = (card: Opportunity, stage: OpportunityStage, beforeId: string | null, lost?: LostValues) => {
    if (beforeId === card.id) return;
    if (stage === 'lost' && card.stage !== 'lost' && !lost) {
      setLosing({ card, beforeId });
      return;
    }
    const closeLost = () => lost && setLosing((current) => (current?.card.id === card.id ? null : current));
    move.mutate(
      { id: card.id, body: { stage, beforeId, version: card.version, ...(lost ?? {}) } },
      {
        // The move settles after the board is refetched: a move that carried a lost reason closes
        // the lost dialog if it is still this card's (another may have been opened meanwhile).
        onSuccess: () => {
          closeLost();
          if (stage !== card.stage) message.success(t('opportunities.board.moved', { stage: t(`opportunities.stages.${stage}`) }));
        },
        onError: (error) => {
          closeLost();
          report(error, () => navigate(`/opportunities/${card.id}`));
        },
      },
    );
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    if (dragged && target) perform(dragged, target.stage, target.beforeId);
    setDragged(null);
    setTarget(null);
  };

  // Columns share the width on wide screens and scroll sideways below 6 × 220 px (one column per screen on phones).
  const columnSize = isPhone ? { width: 'min(82vw, 300px)', flex: 'none' } : { flex: '1 0 220px', minWidth: 220, maxWidth: 340 };

  return (
    <>
      <OpportunitiesHeader view="board" onCreate={() => setCreating(true)} />
      <OpportunityFilterBar params={params} update={update} activeFilters={activeFilters} mode="board" />
      <ErrorAlert error={board.error} onReload={() => void board.refetch()} />
      {board.isPending ? (
        <Flex gap={12} style={{ overflowX: 'hidden' }}>
          {OPPORTUNITY_STAGES.map((stage) => (
            <div key={stage} style={columnSize}>
              <Skeleton active paragraph={{ rows: 5 }} />
            </div>
          ))}
        </Flex>
      ) : null}
      {board.data ? (
        <div
          style={{
            display: 'flex',
            gap: 12,
            overflowX: 'auto',
            alignItems: 'flex-start',
            paddingBottom: 12,
            scrollSnapType: isPhone ? 'x mandatory' : undefined,
          }}
          data-testid="opportunity-board"
        >
          {board.data.columns.map((column) => {
            const cards = cardsOf(column);
            const isTarget = target?.stage === column.stage;
            return (
              <section
                key={column.stage}
                style={{
                  ...columnSize,
                  background: isTarget ? '#eef4ff' : '#f5f6f8',
                  borderRadius: 10,
                  borderTop: `3px solid ${STAGE_HEX[column.stage]}`,
                  scrollSnapAlign: 'start',
                  transition: 'background 120ms',
                }}
                onDragOver={(event) => {
                  if (!dragged) return;
                  event.preventDefault();
                  if (!isTarget) setTarget({ stage: column.stage, beforeId: null });
                }}
                onDrop={drop}
                data-testid={`board-column-${column.stage}`}
              >
                <div style={{ padding: '10px 12px 8px' }}>
                  <Flex justify="space-between" align="center">
                    <Typography.Text strong>{t(`opportunities.stages.${column.stage}`)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`board-count-${column.stage}`}>
                      {t('opportunities.board.count', { count: column.count })}
                    </Typography.Text>
                  </Flex>
                  <Flex justify="space-between" style={{ fontSize: 12, marginTop: 4, color: 'rgba(0,0,0,0.55)' }}>
                    <span>
                      {t('opportunities.board.total')} <MoneyText cents={column.amountCents} />
                    </span>
                    <Tooltip title={t('opportunities.board.probability', { value: column.probability })}>
                      <span data-testid={`board-weighted-${column.stage}`}>
                        {t('opportunities.board.weighted')} <MoneyText cents={column.weightedCents} />
                      </span>
                    </Tooltip>
                  </Flex>
                </div>
                <div style={{ padding: '0 8px 8px', minHeight: 80 }}>
                  {cards.length === 0 ? (
                    <Empty
                      image={Empty.PRESENTED_IMAGE_SIMPLE}
                      description={dragged ? t('opportunities.board.dropHere') : t('opportunities.board.empty')}
                      style={{ margin: '12px 0' }}
                    />
                  ) : null}
                  {cards.map((card) => (
                    <Card
                      key={card.id}
                      card={card}
                      seesOthers={seesOthers}
                      dragging={dragged?.id === card.id}
                      pending={move.isPending && move.variables?.id === card.id}
                      dropAbove={Boolean(dragged) && isTarget && target?.beforeId === card.id && dragged?.id !== card.id}
                      onDragStart={(event) => {
                        event.dataTransfer.effectAllowed = 'move';
                        event.dataTransfer.setData('text/plain', card.id);
                        setDragged(card);
                      }}
                      onDragEnd={() => {
                        setDragged(null);
                        setTarget(null);
                      }}
                      onDragOverCard={(event) => {
                        if (!dragged) return;
                        event.preventDefault();
                        event.stopPropagation();
                        if (target?.stage !== column.stage || target.beforeId !== card.id)
                          setTarget({ stage: column.stage, beforeId: card.id });
                      }}
                      onMoveTo={(stage) => perform(card, stage, null)}
                    />
                  ))}
                  {dragged ? (
                    // Below the last card: the bottom of the column.
                    <div
                      style={{
                        height: 36,
                        borderRadius: 6,
                        borderTop: isTarget && target?.beforeId === null ? '3px solid #1677ff' : '3px solid transparent',
                      }}
                      onDragOver={(event) => {
                        event.preventDefault();
                        event.stopPropagation();
                        if (!isTarget || target?.beforeId !== null) setTarget({ stage: column.stage, beforeId: null });
                      }}
                      data-testid={`board-bottom-${column.stage}`}
                    />
                  ) : null}
                  {hasMore(column) ? (
                    <Button
                      block
                      type="text"
                      loading={loadingStage === column.stage}
                      onClick={() => void loadMore(column, boardFilters)}
                      data-testid={`board-more-${column.stage}`}
                    >
                      {t('opportunities.board.loadMore', { count: Math.max(column.count - cards.length, 0) })}
                    </Button>
                  ) : null}
                </div>
              </section>
            );
          })}
        </div>
      ) : null}
      {board.data ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('opportunities.board.closedHint', { days: board.data.closedWithinDays })}
        </Typography.Text>
      ) : null}
      {creating ? (
        <OpportunityDrawer
          state={{ mode: 'create' }}
          onClose={() => setCreating(false)}
          onSaved={(saved) => navigate(`/opportunities/${saved.id}`)}
        />
      ) : null}
      {losing ? (
        <LostReasonModal
          name={losing.card.name}
          saving={move.isPending}
          onClose={() => setLosing(null)}
          onConfirm={(values) => perform(losing.card, 'lost', losing.beforeId, values)}
        />
      ) : null}
    </>
  );
}
