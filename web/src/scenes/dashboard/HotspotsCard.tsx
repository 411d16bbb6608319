import { useState } from 'react';
import { Card, Select, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { call, client } from '../../api/typed.ts';
import type { HotspotCluster } from '../../api/types.ts';
import { ErrorState } from '../../components/states.tsx';
import { fmtDate, fmtDateTime, fmtNum } from '../../format.ts';

type Row = HotspotCluster & { rank: number; key: string };

/** The items of one cluster, each linking to its detail page. */
function ClusterItems({ c }: { c: HotspotCluster }) {
  return (
    <div data-testid="hotspot-items" style={{ padding: '0 8px' }}>
      {c.from && c.to && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          登记时间 {fmtDate(c.from)} 至 {fmtDate(c.to)}
        </Typography.Text>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={c.items.length > 10 ? { pageSize: 10, size: 'small' } : false}
        dataSource={c.items}
        style={{ marginTop: 4 }}
        columns={[
          {
            title: '编号',
            dataIndex: 'number',
            width: 190,
            render: (n: string | undefined, r) => <Link to={`/items/${r.id}`}>{n ?? r.id}</Link>,
          },
          {
            title: '标题',
            dataIndex: 'title',
            ellipsis: true,
            render: (t: string | undefined, r) => <Link to={`/items/${r.id}`}>{t ?? '—'}</Link>,
          },
          { title: '登记日期', dataIndex: 'registeredOn', width: 110, render: (d: string | undefined) => fmtDate(d) },
        ]}
      />
      {c.size > c.items.length && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          仅列出前 {fmtNum(c.items.length)} 件，共 {fmtNum(c.size)} 件。
        </Typography.Text>
      )}
    </div>
  );
}

/** When the shown clusters were computed, and whether a newer computation is under way (计算中). */
function SnapshotState({ d }: { d: { computedAt: string | null; updating: boolean; failed: boolean; items: number } }) {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="hotspots-state">
      {d.updating ? (
        <>
          <Spin size="small" style={{ marginRight: 4 }} />
          {d.computedAt ? `计算中（显示 ${fmtDateTime(d.computedAt)} 的结果）` : '计算中'}
        </>
      ) : d.computedAt ? (
        `计算于 ${fmtDateTime(d.computedAt)}`
      ) : null}
      {d.failed && <Typography.Text type="danger"> 上次后台计算失败，稍后自动重试</Typography.Text>}
      {d.computedAt && `，本期可查看 ${fmtNum(d.items)} 件`}
    </Typography.Text>
  );
}

/**
 * 热点问题: the period's items clustered by matter and place in the background, hottest first; expand a row for
 * its items. While a computation is under way the card says 计算中 and asks again until the result is stored.
 */
export function HotspotsCard({ from, to }: { from: string; to: string }) {
  const [top, setTop] = useState(10);
  const q = useQuery({
    queryKey: ['hotspots', from, to, top],
    queryFn: () => call(client.GET('/api/v1/text/hotspots', { params: { query: { from, to, top } } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.updating ? 3000 : false),
  });
  const rows: Row[] = (q.data?.clusters ?? []).map((c, i) => ({
    ...c,
    rank: i + 1,
    key: `${i}-${c.ids[0] ?? c.label}`,
  }));
  return (
    <Card
      size="small"
      title="热点问题"
      style={{ marginTop: 12 }}
      data-testid="hotspots"
      extra={
        <Space>
          {q.data && <SnapshotState d={q.data} />}
          <Select
            size="small"
            value={top}
            onChange={setTop}
            style={{ width: 96 }}
            options={[10, 20, 50].map((n) => ({ value: n, label: `前 ${n} 个` }))}
            aria-label="显示个数"
          />
        </Space>
      }
    >
      {q.isError && !q.data ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Table<Row>
          size="small"
          rowKey="key"
          dataSource={rows}
          loading={q.isPending}
          pagination={false}
          locale={{
            emptyText:
              q.isPending || (q.data?.updating && !q.data.computedAt)
                ? '计算中，完成后自动显示…'
                : '本期间没有形成热点的问题',
          }}
          expandable={{ expandedRowRender: (r) => <ClusterItems c={r} />, rowExpandable: (r) => r.items.length > 0 }}
          columns={[
            { title: '排名', dataIndex: 'rank', width: 56, align: 'center' },
            {
              title: '问题',
              dataIndex: 'label',
              render: (l: string, r) => (
                <div>
                  <Typography.Text strong>{l}</Typography.Text>
                  <div style={{ marginTop: 2 }}>
                    {r.keywords.map((k) => (
                      <Tag key={k} style={{ marginBottom: 2 }}>
                        {k}
                      </Tag>
                    ))}
                  </div>
                </div>
              ),
            },
            { title: '地点', dataIndex: 'place', width: 160, render: (p: string | null) => p ?? '—' },
            { title: '件数', dataIndex: 'size', width: 64, align: 'right', render: (n: number) => fmtNum(n) },
            {
              title: <Tooltip title="不同信访人的人数">信访人</Tooltip>,
              dataIndex: 'users',
              width: 70,
              align: 'right',
              render: (n: number) => fmtNum(n),
            },
            {
              title: <Tooltip title="5 人及以上的集体访件数">集体访</Tooltip>,
              dataIndex: 'collective',
              width: 70,
              align: 'right',
              render: (n: number) => (n > 0 ? <Typography.Text type="danger">{fmtNum(n)}</Typography.Text> : '0'),
            },
            {
              title: '重件',
              dataIndex: 'repeats',
              width: 60,
              align: 'right',
              render: (n: number) => (n > 0 ? <Typography.Text type="warning">{fmtNum(n)}</Typography.Text> : '0'),
            },
            {
              title: <Tooltip title="综合件数、人数与时间集中程度的热度">热度</Tooltip>,
              dataIndex: 'heat',
              width: 70,
              align: 'right',
              render: (h: number) => (Math.round(h * 10) / 10).toString(),
            },
          ]}
        />
      )}
    </Card>
  );
}
