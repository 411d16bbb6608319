import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Row, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, qs } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { useServerToday } from '../../api/reference.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { fmtNum } from '../../format.ts';
import { Chart } from './Chart.tsx';
import { HotspotsCard } from './HotspotsCard.tsx';

type Split = Dto<'SplitEntry'>;
type SourceRow = Dto<'SatisfactionBySource'>;

/** One 工作指标 as the table lists it: its name beside the figure the report gives. */
type IndicatorRow = Dto<'Indicator'> & { name: string };

// The report API gives indicator rates as percentages already (e.g. 16.7 for 1/6).
const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${r.toFixed(1)}%`);

/** 统计分析 (leaders' dashboard). The report API is optional: a missing endpoint shows a calm notice. */
export default function DashboardPage() {
  const today = useServerToday();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const end = range?.[1] ?? (today.data ? dayjs(today.data) : null);
  const start = range?.[0] ?? (end ? end.startOf('year') : null);
  const from = start?.format('YYYY-MM-DD');
  const to = end?.format('YYYY-MM-DD');
  const q = useQuery({
    queryKey: ['dashboard', from, to],
    enabled: Boolean(from && to),
    queryFn: () => call(client.GET('/api/v1/reports/dashboard', { params: { query: { from: from!, to: to! } } })),
  });
  const d = q.data;
  const f = d?.figures;
  const navigate = useNavigate();
  /** Opens the item list with exactly the items behind a number of this period's report. */
  const drill = (params: Record<string, string | undefined>) =>
    navigate(`/items${qs({ registeredFrom: from, registeredTo: to, inReport: '1', ...params })}`);
  const drillMonth = (month: string) => {
    const m = dayjs(`${month}-01`);
    if (!m.isValid()) return;
    const a = m.format('YYYY-MM-DD') < (from ?? '') ? from : m.format('YYYY-MM-DD');
    const b = m.endOf('month').format('YYYY-MM-DD') > (to ?? '') ? to : m.endOf('month').format('YYYY-MM-DD');
    navigate(`/items${qs({ registeredFrom: a, registeredTo: b, inReport: '1' })}`);
  };
  const barOption = (unsorted: Split[] | undefined) => {
    // Largest first: a ranking reads top-down.
    const xs = [...(unsorted ?? [])].sort((a, b) => b.count - a.count);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 64, right: 40, top: 8, bottom: 8, containLabel: false },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { show: false }, splitLine: { show: false } },
      yAxis: { type: 'category', inverse: true, data: (xs ?? []).map((s) => s.key) },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: (xs ?? []).map((s) => s.count),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { dataIndex: number }) => `${(xs ?? [])[p.dataIndex]?.share.toFixed(1) ?? ''}%`,
          },
        },
      ],
    };
  };
  const trendOption = useMemo(() => {
    const trend = d?.trend ?? [];
    // A month the period only partly covers (the current one, or a cut start) is not drawn as a full month:
    // its point stands apart, labelled with the days it covers, so the line does not plunge.
    const partial = (month: string) =>
      (from !== undefined && from > `${month}-01`) ||
      (to !== undefined && to < dayjs(`${month}-01`).endOf('month').format('YYYY-MM-DD'));
    const label = (month: string) => {
      if (!partial(month)) return month;
      const a = from && from > `${month}-01` ? from.slice(8) : '01';
      const b = to && to.startsWith(month) ? to.slice(8) : dayjs(`${month}-01`).endOf('month').format('DD');
      return `${month}（${Number(a)}–${Number(b)}日）`;
    };
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: ['本期', '本期（不足整月）', '同期'], top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: trend.map((t) => label(t.month)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '本期', type: 'line', data: trend.map((t) => (partial(t.month) ? null : t.count)) },
        {
          name: '本期（不足整月）',
          // A line series of lone points (the charts bundle registers line, bar and pie only).
          type: 'line',
          showSymbol: true,
          symbolSize: 9,
          lineStyle: { opacity: 0 },
          data: trend.map((t) => (partial(t.month) ? t.count : null)),
        },
        {
          name: '同期',
          type: 'line',
          data: (d?.trend ?? []).map((t) => t.comparisonCount),
          lineStyle: { type: 'dashed' },
        },
      ],
    };
  }, [d, from, to]);
  // Narrow cards: a legend below and percentages inside the ring instead of leader lines that get cut off.
  const pieOption = (xs: Split[] | undefined) => ({
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    legend: { bottom: 0, left: 'center', itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 12 } },
    series: [
      {
        type: 'pie',
        radius: ['38%', '68%'],
        center: ['50%', '44%'],
        // Slices too thin for their label leave it to the tooltip and legend instead of clipping it.
        label: {
          position: 'inside',
          formatter: (p: { percent: number }) => (p.percent < 7 ? '' : `${p.percent.toFixed(0)}%`),
          fontSize: 11,
          color: '#fff',
        },
        labelLine: { show: false },
        data: (xs ?? []).filter((s) => s.count > 0).map((s) => ({ name: s.key, value: s.count })),
      },
    ],
  });

  const header = (
    <Space>
      <DatePicker.RangePicker
        format="YYYY-MM-DD"
        value={start && end ? [start, end] : null}
        onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)}
        allowClear={false}
      />
      <Tooltip title="下载本期间的信访形势分析报告">
        <Button href={`/api/v1/reports/situation${qs({ from, to, format: 'docx' })}`} disabled={!from}>
          下载 Word 报告
        </Button>
      </Tooltip>
      <Button href={`/api/v1/reports/situation${qs({ from, to, format: 'xlsx' })}`} disabled={!from}>
        下载 Excel 明细
      </Button>
    </Space>
  );
  if (q.isError && q.error instanceof ApiError && q.error.status === 404 && q.error.message === '接口不存在') {
    return (
      <Card title="统计分析" extra={header}>
        <Alert
          type="info"
          showIcon
          message="统计功能尚未开放"
          description="服务器暂未提供统计接口，请稍后再试或联系系统管理员。"
        />
      </Card>
    );
  }
  return (
    <Card title="统计分析" extra={header}>
      {today.isPending || q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : !f ? (
        <EmptyState />
      ) : (
        <>
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col span={4}>
              <Card size="small" hoverable onClick={() => drill({})} data-testid="stat-信访总量">
                <Statistic title="信访总量" value={f.total} formatter={(v) => fmtNum(Number(v))} />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small" hoverable onClick={() => drill({ origin: 'first' })} data-testid="stat-初件">
                <Statistic title="初件" value={f.firstTime?.count ?? 0} formatter={(v) => fmtNum(Number(v))} />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small" hoverable onClick={() => drill({ origin: 'repeat' })} data-testid="stat-重件">
                <Statistic title="重件" value={f.repeat?.count ?? 0} formatter={(v) => fmtNum(Number(v))} />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small" hoverable onClick={() => drill({ origin: 'outside' })} data-testid="stat-区外">
                <Statistic title="区外" value={f.outsideDistrict?.count ?? 0} formatter={(v) => fmtNum(Number(v))} />
              </Card>
            </Col>
            <Col span={4}>
              <Card
                size="small"
                hoverable
                onClick={() =>
                  navigate(
                    `/items${qs({ registeredFrom: from, registeredTo: to, status: 'not_accepted,not_reaccepted' })}`,
                  )
                }
                data-testid="stat-不予受理"
              >
                <Statistic title="不予受理" value={f.notAccepted} formatter={(v) => fmtNum(Number(v))} />
              </Card>
            </Col>
            <Col span={4}>
              <Card
                size="small"
                hoverable
                onClick={() => navigate(`/items${qs({ registeredFrom: from, registeredTo: to, warning: 'overdue' })}`)}
                data-testid="stat-当前超期"
              >
                <Statistic
                  title="当前超期"
                  value={d?.overdue ?? 0}
                  valueStyle={{ color: (d?.overdue ?? 0) > 0 ? '#cf1322' : undefined }}
                  formatter={(v) => fmtNum(Number(v))}
                />
              </Card>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={12}>
              <Card size="small" title="月度趋势（点击月份查看事项）" style={{ marginBottom: 12 }}>
                <Chart
                  option={trendOption}
                  testId="chart-trend"
                  onClick={(name, series) => {
                    if (series !== '同期') drillMonth(name.slice(0, 7));
                  }}
                />
              </Card>
            </Col>
            <Col span={6}>
              <Card size="small" title="信访形式" style={{ marginBottom: 12 }}>
                <Chart
                  option={pieOption(f.byChannel)}
                  testId="chart-channel"
                  onClick={(name) => drill({ channelGroup: name })}
                />
              </Card>
            </Col>
            <Col span={6}>
              <Card size="small" title="登记层级" style={{ marginBottom: 12 }}>
                <Chart option={pieOption(f.byLevel)} testId="chart-level" onClick={(name) => drill({ level: name })} />
              </Card>
            </Col>
          </Row>
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col span={12}>
              <Card size="small" title="诉求领域">
                <Chart
                  option={barOption(f.byDomain)}
                  height={220}
                  testId="chart-domain"
                  onClick={(name) => drill({ domain: name })}
                />
              </Card>
            </Col>
            <Col span={12}>
              <Card size="small" title="责任单位排名（前 10，点击查看事项）">
                <Table
                  size="small"
                  rowKey="unit"
                  pagination={false}
                  dataSource={f.topUnits ?? []}
                  locale={{ emptyText: '暂无数据' }}
                  onRow={(r) => ({ onClick: () => drill({ unitName: r.unit }), style: { cursor: 'pointer' } })}
                  columns={[
                    { title: '单位', dataIndex: 'unit' },
                    { title: '件数', dataIndex: 'count', align: 'right', render: (n: number) => fmtNum(n) },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={24}>
              <Card size="small" title="工作指标">
                <Table<IndicatorRow>
                  size="small"
                  rowKey="name"
                  pagination={false}
                  locale={{ emptyText: '暂无数据' }}
                  dataSource={Object.entries(f.indicators ?? {}).map(([name, x]) => ({ name, ...x }))}
                  columns={[
                    {
                      title: '指标',
                      dataIndex: 'name',
                      render: (n: string, r) => <Tooltip title={r.formula}>{n}</Tooltip>,
                    },
                    { title: '数值', dataIndex: 'rate', align: 'right', render: (r: number | null) => pct(r) },
                    {
                      title: '分子/分母',
                      align: 'right',
                      render: (_: unknown, r) => `${fmtNum(r.numerator)} / ${fmtNum(r.denominator)}`,
                    },
                  ]}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  把鼠标停在指标名称上可查看计算公式。
                </Typography.Text>
              </Card>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={24}>
              <SatisfactionBySourceCard
                parts={f.satisfactionBySource ?? []}
                onDrill={(source, satisfied) => drill({ ratingSource: source, satisfied: satisfied ? '1' : undefined })}
              />
            </Col>
          </Row>
          {from && to && <HotspotsCard from={from} to={to} />}
        </>
      )}
    </Card>
  );
}

/**
 * 满意率 by where the ratings came from: the petitioner's own rating online against what they said in a 回访 (by
 * method). Counts beside each rate; a count opens exactly the items behind it. The parts add up to 满意率.
 */
function SatisfactionBySourceCard(props: {
  parts: SourceRow[];
  onDrill: (source: string, satisfied: boolean) => void;
}) {
  const rows = props.parts.filter((p) => p.rated > 0 || p.source !== '来源未记录');
  const sum = (xs: SourceRow[]) => {
    const rated = xs.reduce((a, p) => a + p.rated, 0);
    const satisfied = xs.reduce((a, p) => a + p.satisfied, 0);
    return { rated, satisfied, rate: rated ? Math.round((satisfied * 1000) / rated) / 10 : null };
  };
  const visits = sum(props.parts.filter((p) => p.group === '回访'));
  const link = (n: number, source: string, satisfied: boolean) =>
    n > 0 ? <Typography.Link onClick={() => props.onDrill(source, satisfied)}>{fmtNum(n)}</Typography.Link> : fmtNum(n);
  return (
    <Card size="small" title="满意率（按评价来源）" data-testid="satisfaction-by-source">
      <Table<SourceRow>
        size="small"
        rowKey="source"
        pagination={false}
        locale={{ emptyText: '本期暂无评价' }}
        dataSource={rows}
        columns={[
          { title: '评价来源', dataIndex: 'source' },
          {
            title: '已评价',
            dataIndex: 'rated',
            align: 'right',
            render: (n: number, r) => link(n, r.source, false),
          },
          {
            title: '满意（含基本满意）',
            dataIndex: 'satisfied',
            align: 'right',
            render: (n: number, r) => link(n, r.source, true),
          },
          { title: '满意率', dataIndex: 'rate', align: 'right', render: (r: number | null) => pct(r) },
        ]}
        summary={() => {
          const all = sum(props.parts);
          return (
            <>
              <SumRow label="回访合计" x={visits} />
              <SumRow label="合计（即满意率）" x={all} />
            </>
          );
        }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        网上自评为信访人凭查询码自行评价；回访为电话、上门或短信回访中信访人表示的满意度。点击件数查看对应事项。
      </Typography.Text>
    </Card>
  );
}

function SumRow({ label, x }: { label: string; x: { rated: number; satisfied: number; rate: number | null } }) {
  return (
    <Table.Summary.Row>
      <Table.Summary.Cell index={0}>{label}</Table.Summary.Cell>
      {[fmtNum(x.rated), fmtNum(x.satisfied), pct(x.rate)].map((v, i) => (
        <Table.Summary.Cell key={i} index={i + 1} align="right">
          {v}
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );
}
