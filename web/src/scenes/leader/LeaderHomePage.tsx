import { useState, type ReactNode } from 'react';
import { Button, Card, Col, List, Row, Space, Tag, Typography } from 'antd';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { call, client, type Ok } from '../../api/typed.ts';
import { useServerToday, useUnits } from '../../api/reference.ts';
import { EmptyState, InlineError, Loading } from '../../components/states.tsx';
import { CaseDrawer, StatusTag } from '../backlog/BacklogPage.tsx';

type Score = Ok<'/api/v1/scorecard', 'get'>['units'][number];

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** One section of the landing page: its own loading, error (with retry) and empty state. */
function Section<T>(props: {
  testid: string;
  title: string;
  more: string;
  q: UseQueryResult<T[]>;
  empty: string;
  render: (row: T) => ReactNode;
}) {
  const { q } = props;
  return (
    <Card
      size="small"
      title={props.title}
      extra={<Link to={props.more}>查看全部</Link>}
      data-testid={props.testid}
      style={{ height: '100%' }}
    >
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <InlineError error={q.error} />
          <Button size="small" onClick={() => q.refetch()}>
            重试
          </Button>
        </Space>
      ) : q.data.length === 0 ? (
        <EmptyState text={props.empty} />
      ) : (
        <List size="small" dataSource={q.data.slice(0, 8)} renderItem={(r) => props.render(r)} />
      )}
      {q.data && q.data.length > 8 && (
        <Typography.Text type="secondary">
          另有 {q.data.length - 8} 条，<Link to={props.more}>查看全部</Link>
        </Typography.Text>
      )}
    </Card>
  );
}

/** The leader's rows of the month: the first three and the last three by rank, no unit twice. */
function topAndBottom(units: Score[]): { row: Score; end: 'top' | 'bottom' }[] {
  const ranked = [...units].sort((x, y) => x.rank - y.rank);
  const top = ranked.slice(0, 3);
  const bottom = ranked.slice(Math.max(3, ranked.length - 3));
  return [
    ...top.map((row) => ({ row, end: 'top' as const })),
    ...bottom.map((row) => ({ row, end: 'bottom' as const })),
  ];
}

/** The first `most` items a line concerns, each a link to its detail page. */
function ItemLinks({ items, most }: { items: { id: string; number: string }[]; most: number }) {
  return items.slice(0, most).map((i) => (
    <Link key={i.id} to={`/items/${i.id}`}>
      {i.number}
    </Link>
  ));
}

/**
 * 领导首页: what waits for the district leader — his 包案 (overdue progress first), the 请示 awaiting his 批示, the
 * district's overdue 督办, and this month's unit scorecard at both ends. Each line opens the screen behind it.
 */
export default function LeaderHomePage() {
  const today = useServerToday();
  const units = useUnits();
  const [openCase, setOpenCase] = useState<string | null>(null);
  const cases = useQuery({
    queryKey: ['backlog', 'mine'],
    queryFn: () => call(client.GET('/api/v1/backlog/mine')),
    select: (d) =>
      d.rows
        .filter((r) => r.status !== 'resolved' && r.status !== 'terminated')
        .sort((x, y) => Number(y.progress.overdue) - Number(x.progress.overdue)),
  });
  const requests = useQuery({
    queryKey: ['instructions', {}],
    queryFn: () => call(client.GET('/api/v1/instructions')),
    select: (d) => d.requests.filter((r) => r.status === 'pending'),
  });
  const overdue = useQuery({
    queryKey: ['supervisions', 'overdue'],
    queryFn: () => call(client.GET('/api/v1/supervisions', { params: { query: { overdue: '1' } } })),
    select: (d) => d.supervisions,
  });
  const end = today.data ? dayjs(today.data) : null;
  const from = end?.startOf('month').format('YYYY-MM-DD');
  const to = end?.format('YYYY-MM-DD');
  const scores = useQuery({
    queryKey: ['scorecard', from, to],
    enabled: Boolean(from && to),
    queryFn: () => call(client.GET('/api/v1/scorecard', { params: { query: { from: from!, to: to! } } })),
    select: (d) => topAndBottom(d.units),
  });
  // Before the server's date is known the scorecard waits; a failed date check is the scorecard's error.
  const scoreState = (today.isError ? today : scores) as UseQueryResult<{ row: Score; end: 'top' | 'bottom' }[]>;
  const unitName = (id: string) => units.data?.find((u) => u.id === id)?.name ?? '—';
  return (
    <div data-testid="leader-home">
      <Typography.Title level={4}>领导首页</Typography.Title>
      <Row gutter={[12, 12]}>
        <Col span={12}>
          <Section
            testid="leader-cases"
            title={`我的包案${
              cases.data
                ? `（在办 ${cases.data.length} 件，措施逾期 ${cases.data.filter((c) => c.progress.overdue).length} 件）`
                : ''
            }`}
            more="/my-cases"
            q={cases}
            empty="您目前没有在办的包案积案"
            render={(c) => (
              <List.Item key={c.id}>
                <Space size={6} wrap>
                  <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpenCase(c.id)}>
                    {c.number}
                  </Button>
                  <span>{c.title}</span>
                  <StatusTag row={c} />
                  {c.progress.dueOn && <Typography.Text type="secondary">期限 {c.progress.dueOn}</Typography.Text>}
                </Space>
              </List.Item>
            )}
          />
        </Col>
        <Col span={12}>
          <Section
            testid="leader-requests"
            title={`待我批示的请示${requests.data ? `（${requests.data.length} 件）` : ''}`}
            more="/instructions"
            q={requests}
            empty="暂无待批示的请示"
            render={(r) => (
              <List.Item key={r.id}>
                <Space size={6} wrap>
                  <Typography.Text type="secondary">{r.askedOn}</Typography.Text>
                  <Link to="/instructions">{r.question}</Link>
                  <ItemLinks items={r.subject.items} most={2} />
                </Space>
              </List.Item>
            )}
          />
        </Col>
        <Col span={12}>
          <Section
            testid="leader-supervisions"
            title={`全区逾期督办${overdue.data ? `（${overdue.data.length} 件）` : ''}`}
            more="/supervisions"
            q={overdue}
            empty="全区暂无逾期督办"
            render={(s) => (
              <List.Item key={s.id}>
                <Space size={6} wrap>
                  <Link to={`/supervisions/${s.id}`}>{s.number}</Link>
                  <span>{unitName(s.unitId)}</span>
                  <Tag>{s.kind}</Tag>
                  <Tag color="red">
                    {today.data && s.dueOn < today.data
                      ? `逾期 ${dayjs(today.data).diff(dayjs(s.dueOn), 'day')} 天`
                      : '逾期未办结'}
                  </Tag>
                  {s.escalations.length > 0 && <Tag color="volcano">已升级 {s.escalations.length} 次</Tag>}
                  <Typography.Text type="secondary">回复期限 {s.dueOn}</Typography.Text>
                  <ItemLinks items={s.items} most={1} />
                </Space>
              </List.Item>
            )}
          />
        </Col>
        <Col span={12}>
          <Section
            testid="leader-scorecard"
            title={`本月单位考评${from ? `（${from} 至 ${to}）` : ''}：前三名与后三名`}
            more="/scorecard"
            q={scoreState}
            empty="本月暂无可考评的单位"
            render={({ row, end: side }) => (
              <List.Item key={row.unitId} data-testid={`leader-score-${side}`}>
                <Space size={6} wrap>
                  <Tag color={side === 'top' ? 'green' : 'red'}>第 {row.rank} 名</Tag>
                  <Link to="/scorecard">{row.unit}</Link>
                  <Typography.Text type="secondary">
                    收件 {row.received.count}，按期办结 {pct(row.closedOnTime.rate)}，满意 {pct(row.satisfied.rate)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Col>
      </Row>
      <CaseDrawer id={openCase} onClose={() => setOpenCase(null)} />
    </div>
  );
}
