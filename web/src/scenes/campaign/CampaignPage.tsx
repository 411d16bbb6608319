import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { Chart } from '../dashboard/Chart.tsx';
import { CaseDrawer } from '../backlog/BacklogPage.tsx';

type Part = Dto<'Part'>;

const STATE: Record<Dto<'Board'>['state'], [string, string]> = {
  upcoming: ['未开始', 'default'],
  running: ['进行中', 'processing'],
  ended: ['已结束', 'default'],
};

const show = (t: { unit: '%' | '件' }, v: number | null) => (v === null ? '—' : t.unit === '%' ? `${v}%` : `${v}件`);

function Verdict({ met }: { met: boolean | null }) {
  if (met === null) return <Tag>暂无数据</Tag>;
  return met ? <Tag color="green">达标</Tag> : <Tag color="red">未达标</Tag>;
}

/** 攻坚行动: each target against its current value, the weekly trend, the split by unit and the items behind it. */
export default function CampaignPage({ bureau }: { bureau: boolean }) {
  const list = useQuery({
    queryKey: ['campaigns'],
    queryFn: () => call(client.GET('/api/v1/campaigns')),
  });
  const [picked, setPicked] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const id = picked ?? list.data?.campaigns[0]?.id ?? null;
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <div data-testid="campaign-page">
      <Typography.Title level={4}>攻坚行动</Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          style={{ minWidth: 320 }}
          placeholder="选择攻坚行动"
          value={id ?? undefined}
          onChange={setPicked}
          options={list.data.campaigns.map((c) => ({ value: c.id, label: `${c.name}（${c.from} 至 ${c.to}）` }))}
        />
        {id && <Button href={`/api/v1/campaigns/${id}/progress.docx`}>下载攻坚行动进展（Word）</Button>}
        {id && (
          <Button href={`/api/v1/campaigns/${id}/progress.xlsx`} data-testid="campaign-xlsx">
            下载 Excel
          </Button>
        )}
        {bureau && (
          <Button type="primary" onClick={() => setCreating(true)}>
            设立攻坚行动
          </Button>
        )}
      </Space>
      {id ? <CampaignBoard id={id} /> : <EmptyState text="尚未设立攻坚行动" />}
      {bureau && <CreateCampaign open={creating} onClose={() => setCreating(false)} onCreated={setPicked} />}
    </div>
  );
}

function CampaignBoard({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['campaign-board', id],
    queryFn: () => call(client.GET('/api/v1/campaigns/{id}/board', { params: { path: { id } } })),
  });
  const [drill, setDrill] = useState<{ title: string; part: Part } | null>(null);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [unitKind, setUnitKind] = useState<string | null>(null);
  const b = q.data?.board;
  const trend = useMemo(() => {
    if (!b) return null;
    const labels = b.weekly.map((w) => `第${w.week}周`);
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: ['本期新增', '上年同期', ...b.targets.map((t) => `${t.label}（累计）`)] },
      grid: { left: 40, right: 50, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: labels },
      yAxis: [
        { type: 'value', name: '件' },
        { type: 'value', name: '%/件', splitLine: { show: false } },
      ],
      series: [
        { name: '本期新增', type: 'bar', data: b.weekly.map((w) => w.newItems.count) },
        { name: '上年同期', type: 'bar', data: b.weekly.map((w) => w.sameWeekLastYear.count) },
        ...b.targets.map((t) => ({
          name: `${t.label}（累计）`,
          type: 'line',
          yAxisIndex: 1,
          data: b.weekly.map((w) => w.values.find((v) => v.kind === t.kind)?.value ?? null),
        })),
      ],
    };
  }, [b]);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  const board = data.board;
  const kind = unitKind ?? board.targets[0]?.kind ?? null;
  const [stateLabel, stateColor] = STATE[board.state];
  const openWeek = (name: string, series: string | undefined) => {
    const w = board.weekly.find((x) => `第${x.week}周` === name);
    if (!w) return;
    const part = series === '上年同期' ? w.sameWeekLastYear : w.newItems;
    setDrill({ title: `${name}（${w.from} 至 ${w.to}）${series === '上年同期' ? '上年同期' : '新增'}事项`, part });
  };
  return (
    <>
      <Card
        size="small"
        style={{ marginBottom: 12 }}
        title={
          <Space>
            {board.campaign.name}
            <Tag color={stateColor}>{stateLabel}</Tag>
            <Typography.Text type="secondary">
              {board.campaign.from} 至 {board.campaign.to}，数据截至 {board.asOf}
            </Typography.Text>
          </Space>
        }
      >
        <Row gutter={12}>
          {board.targets.map((t) => (
            <Col span={6} key={t.kind}>
              <Card size="small" data-testid={`target-${t.kind}`}>
                <Statistic
                  title={
                    <Space>
                      {t.label}
                      <Verdict met={t.met} />
                    </Space>
                  }
                  value={show(t, t.value)}
                  valueStyle={t.met === false ? { color: '#cf1322' } : t.met ? { color: '#389e0d' } : {}}
                />
                <div>
                  目标 {t.comparator} {show(t, t.target)}
                </div>
                <Space size={4} wrap style={{ marginTop: 6 }}>
                  {t.parts.map((p) => (
                    <Button
                      key={p.key}
                      size="small"
                      onClick={() => setDrill({ title: `${t.label}：${p.label}`, part: p })}
                    >
                      {p.label} {p.count} 件
                    </Button>
                  ))}
                </Space>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 6, marginBottom: 0 }}>
                  {board.formulas[t.kind]}
                </Typography.Paragraph>
              </Card>
            </Col>
          ))}
        </Row>
        {board.notAccepted.count > 0 && (
          <Button
            type="link"
            onClick={() => setDrill({ title: '不予受理、不再受理（未计入）', part: board.notAccepted })}
          >
            另有不予受理、不再受理 {board.notAccepted.count} 件未计入受理总量
          </Button>
        )}
      </Card>
      <Card size="small" title="周趋势（点击柱形查看事项）" style={{ marginBottom: 12 }}>
        {board.weekly.length && trend ? (
          <Chart option={trend} height={280} onClick={openWeek} testId="campaign-trend" />
        ) : (
          <Empty description="行动尚未开始" />
        )}
      </Card>
      <Card
        size="small"
        title="分单位情况"
        style={{ marginBottom: 12 }}
        extra={
          <Select
            size="small"
            style={{ width: 200 }}
            value={kind ?? undefined}
            onChange={setUnitKind}
            options={board.targets.map((t) => ({ value: t.kind, label: t.label }))}
          />
        }
      >
        <Table
          size="small"
          rowKey={(r) => r.unitId ?? '-'}
          pagination={false}
          dataSource={board.byUnit}
          locale={{ emptyText: '暂无分单位数据' }}
          columns={[
            { title: '单位', dataIndex: 'unit', width: 200 },
            {
              title: '当前值',
              render: (_, r) => {
                const t = r.targets.find((x) => x.kind === kind);
                return t ? show(t, t.value) : '—';
              },
            },
            {
              title: '完成情况',
              render: (_, r) => <Verdict met={r.targets.find((x) => x.kind === kind)?.met ?? null} />,
            },
            {
              title: '构成（点击查看事项）',
              render: (_, r) => (
                <Space size={4} wrap>
                  {r.targets
                    .find((x) => x.kind === kind)
                    ?.parts.map((p) => (
                      <Button
                        key={p.key}
                        size="small"
                        type="link"
                        disabled={!p.count}
                        onClick={() => setDrill({ title: `${r.unit}：${p.label}`, part: p })}
                      >
                        {p.label} {p.count} 件
                      </Button>
                    ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={data.section.title}>
        <Alert type="info" message={data.section.text} style={{ marginBottom: 12 }} />
        <Table
          size="small"
          rowKey={(r) => r[0] ?? ''}
          pagination={false}
          dataSource={data.section.table}
          columns={['目标', '目标值', '当前值', '构成', '完成情况'].map((title, i) => ({
            title,
            render: (_: unknown, r: string[]) => r[i],
          }))}
        />
      </Card>
      <Drawer open={drill !== null} title={drill?.title} width={420} onClose={() => setDrill(null)}>
        {drill && (
          <List
            data-testid="campaign-drill"
            size="small"
            dataSource={drill.part.ids}
            locale={{ emptyText: '没有事项' }}
            renderItem={(x) => (
              <List.Item>
                {drill.part.of === 'item' ? (
                  <Link to={`/items/${x}`}>{data.numbers[x] ?? x}</Link>
                ) : (
                  <Typography.Link onClick={() => setCaseId(x)}>积案 {data.numbers[x] ?? x}</Typography.Link>
                )}
              </List.Item>
            )}
          />
        )}
      </Drawer>
      <CaseDrawer id={caseId} onClose={() => setCaseId(null)} />
    </>
  );
}

interface CreateForm {
  name: string;
  span: [Dayjs, Dayjs];
  reduceTotal?: number | null;
  resolveBacklog?: number | null;
  curbNew?: number | null;
  firstTimeResolved?: number | null;
}

function CreateCampaign({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [form] = Form.useForm<CreateForm>();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: (v: CreateForm) => {
      const n = (x: number | null | undefined) => x !== null && x !== undefined;
      return call(
        client.POST('/api/v1/campaigns', {
          body: {
            name: v.name,
            from: v.span[0].format('YYYY-MM-DD'),
            to: v.span[1].format('YYYY-MM-DD'),
            targets: {
              ...(n(v.reduceTotal) && { reduceTotal: { changePct: v.reduceTotal } }),
              ...(n(v.resolveBacklog) && { resolveBacklog: { ratePct: v.resolveBacklog } }),
              ...(n(v.curbNew) && { curbNew: { max: v.curbNew } }),
              ...(n(v.firstTimeResolved) && { firstTimeResolved: { ratePct: v.firstTimeResolved } }),
            },
          },
        }),
      );
    },
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: ['campaigns'] });
      message.success('已设立攻坚行动');
      form.resetFields();
      onCreated(c.id);
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title="设立攻坚行动"
      okText="设立"
      onCancel={onClose}
      confirmLoading={m.isPending}
      onOk={() => form.validateFields().then((v) => m.mutate(v))}
    >
      {m.isError && <Alert type="error" message={errorText(m.error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="span" label="期间" rules={[{ required: true, message: '请选择起止日期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="reduceTotal" label="降总量：受理量同比变化不高于（%，如 −15）">
          <InputNumber min={-100} max={100} />
        </Form.Item>
        <Form.Item name="resolveBacklog" label="化存量：存量积案化解率不低于（%）">
          <InputNumber min={0} max={100} />
        </Form.Item>
        <Form.Item name="curbNew" label="遏增量：新增重复信访和积案不超过（件）">
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Form.Item name="firstTimeResolved" label="初信初访一次性化解率不低于（%）">
          <InputNumber min={0} max={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
