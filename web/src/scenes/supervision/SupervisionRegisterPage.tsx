import { useState } from 'react';
import { Button, Card, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { qs } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { useUnits } from '../../api/reference.ts';
import { ErrorState, Loading } from '../../components/states.tsx';

type Row = Dto<'SupervisionRegisterEntry'>;

const KINDS: Row['kind'][] = ['文书督办', '电话督办', '约谈', '实地督办', '挂牌督办'];
const STATUS: Record<Row['status'], { label: string; color?: string }> = {
  issued: { label: '待回复', color: 'blue' },
  answered: { label: '已回复待审核', color: 'gold' },
  pressed: { label: '再次督促待回复', color: 'orange' },
  accepted: { label: '已办结', color: 'green' },
  cancelled: { label: '已撤销' },
};

/** 督办台账: the 督办 the user may see, filtered by unit, kind, state and lateness, and exported as they are. */
export default function SupervisionRegisterPage({ bureau }: { bureau: boolean }) {
  const units = useUnits();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [kind, setKind] = useState<Row['kind'] | undefined>();
  const [status, setStatus] = useState<Row['status'] | undefined>();
  const [overdue, setOverdue] = useState(false);
  const filter = { unitId, kind, status, overdue: overdue ? ('1' as const) : undefined };
  const query = qs(filter);
  const q = useQuery({
    queryKey: ['supervisions', query],
    queryFn: () => call(client.GET('/api/v1/supervisions', { params: { query: filter } })),
  });
  const unitName = (id: string) => units.data?.find((u) => u.id === id)?.name ?? id;
  return (
    <div data-testid="supervision-register">
      <Typography.Title level={4}>督办台账</Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          {bureau && (
            <Select
              allowClear
              showSearch
              placeholder="被督办单位"
              style={{ width: 200 }}
              value={unitId}
              onChange={setUnitId}
              optionFilterProp="label"
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              data-testid="sv-unit"
            />
          )}
          <Select
            allowClear
            placeholder="督办方式"
            style={{ width: 130 }}
            value={kind}
            onChange={setKind}
            options={KINDS.map((k) => ({ value: k, label: k }))}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 150 }}
            value={status}
            onChange={setStatus}
            options={Object.entries(STATUS).map(([k, v]) => ({ value: k, label: v.label }))}
          />
          <Space size={4}>
            <Switch checked={overdue} onChange={setOverdue} data-testid="sv-overdue" />
            仅看逾期
          </Space>
          <Button icon={<DownloadOutlined />} href={`/api/v1/supervisions/export.xlsx${query}`}>
            导出 Excel
          </Button>
        </Space>
      </Card>
      {q.isPending && <Loading />}
      {q.isError && <ErrorState error={q.error} onRetry={() => q.refetch()} />}
      {q.data && (
        <Table
          size="small"
          rowKey="id"
          dataSource={q.data.supervisions}
          pagination={{ pageSize: 30, hideOnSinglePage: true }}
          locale={{ emptyText: overdue || kind || status || unitId ? '没有符合条件的督办' : '暂无督办' }}
          columns={[
            { title: '督办编号', dataIndex: 'number', width: 150 },
            { title: '方式', dataIndex: 'kind', width: 90 },
            { title: '被督办单位', width: 150, render: (_, r) => unitName(r.unitId) },
            {
              title: '涉及事项',
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  {r.items.map((i) => (
                    <Link key={i.id} to={`/items/${i.id}`}>
                      {i.number} {i.maskedTitle}
                    </Link>
                  ))}
                </Space>
              ),
            },
            { title: '督办事由', dataIndex: 'reason', ellipsis: true },
            { title: '下发', dataIndex: 'issuedOn', width: 100 },
            { title: '回复期限', dataIndex: 'dueOn', width: 100 },
            {
              title: '状态',
              width: 190,
              render: (_, r) => (
                <Space size={4} wrap>
                  <Tag color={STATUS[r.status].color}>{STATUS[r.status].label}</Tag>
                  {r.late && <Tag color="red">{r.late.label}</Tag>}
                  {r.escalations.length > 0 && <Tag color="volcano">已升级 {r.escalations.length} 次</Tag>}
                </Space>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
