import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Drawer, List, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { call, client, type Dto } from '../../api/typed.ts';
import { useServerToday } from '../../api/reference.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';

type Figure = Dto<'Figure'>;
type Rate = Dto<'RateFigure'>;
type UnitScore = Dto<'UnitScore'>;
type ItemRef = Dto<'ItemRef'>;

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** 单位考评 (把脉问诊): ranked units; every number opens the items behind it. A unit sees its own card only. */
export default function ScorecardPage() {
  const today = useServerToday();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const end = range?.[1] ?? (today.data ? dayjs(today.data) : null);
  const start = range?.[0] ?? (end ? end.startOf('year') : null);
  const from = start?.format('YYYY-MM-DD');
  const to = end?.format('YYYY-MM-DD');
  const q = useQuery({
    queryKey: ['scorecard', from, to],
    enabled: Boolean(from && to),
    // Enabled only once both ends of the period are known.
    queryFn: () => call(client.GET('/api/v1/scorecard', { params: { query: { from: from!, to: to! } } })),
  });
  const [drill, setDrill] = useState<{ title: string; ids: string[] } | null>(null);
  const d = q.data;

  const open = (u: UnitScore, label: string, ids: string[]) => () => setDrill({ title: `${u.unit} · ${label}`, ids });
  const num = (u: UnitScore, label: string, f: Figure, testid: string) => (
    <Button type="link" size="small" onClick={open(u, label, f.ids)} data-testid={`${testid}-${u.unitId}`}>
      {f.count}
    </Button>
  );
  const rate = (u: UnitScore, label: string, r: Rate, testid: string) => (
    <Tooltip title={`${r.count} / ${r.of}`}>
      <Button type="link" size="small" onClick={open(u, label, r.ofIds)} data-testid={`${testid}-${u.unitId}`}>
        {pct(r.rate)}
      </Button>
    </Tooltip>
  );
  const head = (label: string, key: string) => (
    <Tooltip title={d?.formulas[key]}>
      <span style={{ whiteSpace: 'nowrap' }}>{label}</span>
    </Tooltip>
  );

  const header = (
    <Space>
      <DatePicker.RangePicker
        value={start && end ? [start, end] : null}
        onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)}
        allowClear={false}
      />
    </Space>
  );
  if (q.isError) {
    return (
      <Card title="单位考评" extra={header}>
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      </Card>
    );
  }
  return (
    <Card title="单位考评" extra={header} data-testid="scorecard">
      {!d ? (
        <Loading />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            统计期间 {d.from} 至 {d.to}（按登记日期，不含不予受理、不再受理事项；统计日 {d.asOf}
            {d.previous ? `；对比期 ${d.previous.from} 至 ${d.previous.to}` : ''}）。点击数字查看对应事项。
          </Typography.Paragraph>
          {d.scope === 'unit' && (
            <Alert type="info" showIcon message="本页只显示本单位的考评情况" style={{ marginBottom: 12 }} />
          )}
          {d.units.length === 0 ? (
            <EmptyState text="统计期内没有本单位主办的事项" />
          ) : (
            <Table<UnitScore>
              rowKey="unitId"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={d.units}
              columns={[
                {
                  title: '排名',
                  dataIndex: 'rank',
                  width: 70,
                  render: (r: number, u) => (
                    <Space size={4}>
                      {r}
                      {u.change?.rank ? (
                        <Tag color={u.change.rank > 0 ? 'green' : 'red'}>
                          {u.change.rank > 0 ? `↑${u.change.rank}` : `↓${-u.change.rank}`}
                        </Tag>
                      ) : null}
                    </Space>
                  ),
                },
                { title: '单位', dataIndex: 'unit', width: 140, fixed: 'left' },
                {
                  title: head('主办件数', 'received'),
                  render: (_, u) => num(u, '主办件数', u.received, 'sc-received'),
                },
                {
                  title: head('及时受理率', 'acceptedOnTime'),
                  render: (_, u) => rate(u, '及时受理', u.acceptedOnTime, 'sc-accepted'),
                },
                {
                  title: head('按期办结率', 'closedOnTime'),
                  render: (_, u) => rate(u, '按期办结', u.closedOnTime, 'sc-closed'),
                },
                { title: head('参评率', 'rated'), render: (_, u) => rate(u, '参评', u.rated, 'sc-rated') },
                { title: head('满意率', 'satisfied'), render: (_, u) => rate(u, '满意', u.satisfied, 'sc-satisfied') },
                { title: head('超期', 'overdue'), render: (_, u) => num(u, '超期', u.overdue, 'sc-overdue') },
                {
                  title: head('异议/成立', 'objections'),
                  render: (_, u) => (
                    <Space size={0}>
                      {num(u, '提出异议', u.objections.raised, 'sc-objections')}/
                      {num(u, '异议成立', u.objections.upheld, 'sc-upheld')}
                    </Space>
                  ),
                },
                {
                  title: head('退回重办', 'sentBack'),
                  render: (_, u) => num(u, '退回重办', u.sentBack, 'sc-sentback'),
                },
                {
                  title: head('督办/逾期回复', 'supervisions'),
                  render: (_, u) => `${u.supervisions.received.count}/${u.supervisions.answeredLate.count}`,
                },
                { title: head('重复信访率', 'repeat'), render: (_, u) => rate(u, '重复信访', u.repeat, 'sc-repeat') },
                {
                  title: head('平均受理天数', 'meanDaysToAcceptance'),
                  render: (_, u) => u.meanDaysToAcceptance.mean ?? '—',
                },
                {
                  title: head('平均办理天数', 'meanDaysToOpinion'),
                  render: (_, u) => u.meanDaysToOpinion.mean ?? '—',
                },
                { title: head('综合得分', 'score'), render: (_, u) => u.score ?? '—' },
              ]}
            />
          )}
        </>
      )}
      <Drawer
        open={drill !== null}
        onClose={() => setDrill(null)}
        title={drill?.title}
        width={520}
        data-testid="sc-drill"
      >
        {drill && (
          <List
            locale={{ emptyText: '没有可查看的事项' }}
            dataSource={drill.ids.map((id) => d?.items[id]).filter((x): x is ItemRef => Boolean(x))}
            renderItem={(it) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`/items/${encodeURIComponent(it.id)}`}>{it.number}</Link>}
                  description={`${it.registeredOn} · ${it.maskedTitle}`}
                />
              </List.Item>
            )}
          />
        )}
      </Drawer>
    </Card>
  );
}
