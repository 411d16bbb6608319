import { useState } from 'react';
import { Button, Card, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import {
  SUPERVISION_KINDS,
  SUPERVISION_STATUS_LABELS,
  type SupervisionStatus,
} from '../../../../contract/supervision.ts';
import { qs } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { useServerToday, useUnits } from '../../api/reference.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { IssueSupervisionModal, type SupervisionTarget } from './IssueSupervisionModal.tsx';
import { SUPERVISION_STATUS_COLORS } from './SupervisionDetailPage.tsx';

/** 督办台账: the 督办 the user may see, filtered by unit, kind, state and lateness, and exported as they are. */
export default function SupervisionRegisterPage({ bureau, issuer }: { bureau: boolean; issuer: boolean }) {
  const [tab, setTab] = useState('register');
  return (
    <div data-testid="supervision-register">
      <Typography.Title level={4}>督查督办</Typography.Title>
      {bureau ? (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'register', label: '督办台账', children: <Register bureau /> },
            { key: 'suggest', label: '督办建议', children: <Suggestions issuer={issuer} /> },
          ]}
        />
      ) : (
        <Register bureau={false} />
      )}
    </div>
  );
}

type Suggestion = Dto<'SupervisionSuggestion'>;

/** 督办建议: what the rules suggest supervising, each with its reasons; the bureau decides and issues. */
function Suggestions({ issuer }: { issuer: boolean }) {
  const navigate = useNavigate();
  const today = useServerToday();
  const [target, setTarget] = useState<SupervisionTarget | null>(null);
  const q = useQuery({
    queryKey: ['supervisions', 'suggestions'],
    queryFn: () => call(client.GET('/api/v1/supervisions/suggestions')),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const issue = (r: Suggestion) =>
    setTarget({
      itemId: r.itemId,
      number: r.number,
      unitId: r.unitId,
      unitName: r.unitName,
      reason: r.reasons.map((x) => x.text).join('；'),
      suggestedFor: r.reasons.map((x) => x.code),
    });
  return (
    <div data-testid="sv-suggestions">
      <Typography.Paragraph type="secondary">
        截至 {q.data.asOf}，按规则建议督办的在办事项（超期、严重警告、同一事项重复信访、不满意、多次退回重办），
        最紧急的在前；已在督办中的事项不再列出。是否督办由信访部门决定。
      </Typography.Paragraph>
      <Table<Suggestion>
        size="small"
        rowKey="itemId"
        dataSource={q.data.suggestions}
        pagination={{ pageSize: 30, hideOnSinglePage: true }}
        locale={{ emptyText: '当前没有建议督办的事项' }}
        columns={[
          {
            title: '事项',
            render: (_, r) => (
              <Link to={`/items/${r.itemId}`}>
                {r.number} {r.title}
              </Link>
            ),
          },
          { title: '主办单位', dataIndex: 'unitName', width: 150 },
          { title: '当前期限', width: 110, render: (_, r) => r.dueOn ?? '—' },
          {
            title: '建议理由',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                {r.reasons.map((x) => (
                  <span key={x.code}>
                    <Tag color={x.code === 'overdue' ? 'red' : x.code === 'about_to_be_overdue' ? 'orange' : 'gold'}>
                      {x.label}
                    </Tag>
                    {x.text}
                  </span>
                ))}
              </Space>
            ),
          },
          ...(issuer
            ? [
                {
                  title: '操作',
                  width: 100,
                  render: (_: unknown, r: Suggestion) => (
                    <Button size="small" type="primary" data-testid="sv-suggest-issue" onClick={() => issue(r)}>
                      发起督办
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {target && today.data && (
        <IssueSupervisionModal
          target={target}
          today={today.data}
          onClose={() => setTarget(null)}
          onDone={(id) => navigate(`/supervisions/${id}`)}
        />
      )}
    </div>
  );
}

/** The register: the 督办 the reader may see, filtered, and its Excel of exactly those rows. */
function Register({ bureau }: { bureau: boolean }) {
  const units = useUnits();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [kind, setKind] = useState<(typeof SUPERVISION_KINDS)[number] | undefined>();
  const [status, setStatus] = useState<SupervisionStatus | undefined>();
  const [overdue, setOverdue] = useState(false);
  const filter = { unitId, kind, status, overdue: overdue ? ('1' as const) : undefined };
  const query = qs(filter);
  const q = useQuery({
    queryKey: ['supervisions', query],
    queryFn: () => call(client.GET('/api/v1/supervisions', { params: { query: filter } })),
  });
  const unitName = (id: string) => units.data?.find((u) => u.id === id)?.name ?? id;
  return (
    <div>
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
            options={SUPERVISION_KINDS.map((k) => ({ value: k, label: k }))}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 150 }}
            value={status}
            onChange={setStatus}
            options={Object.entries(SUPERVISION_STATUS_LABELS).map(([k, v]) => ({ value: k, label: v }))}
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
            {
              title: '督办编号',
              width: 150,
              render: (_, r) => <Link to={`/supervisions/${r.id}`}>{r.number}</Link>,
            },
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
                  <Tag color={SUPERVISION_STATUS_COLORS[r.status]}>{SUPERVISION_STATUS_LABELS[r.status]}</Tag>
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
