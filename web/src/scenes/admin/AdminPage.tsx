import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { useUnits } from '../../api/reference.ts';
import type { Unit } from '../../api/types.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { fmtNum } from '../../format.ts';
import { CalendarTab } from './CalendarTab.tsx';
import { DocTemplatesTab } from './DocTemplatesTab.tsx';
import { JobsTab } from './JobsTab.tsx';
import { OutboxTab } from './OutboxTab.tsx';
import { SuggestionRulesTab } from './SuggestionRulesTab.tsx';
import { TaxonomyTab } from './TaxonomyTab.tsx';
import { GrantsPanel } from '../security/GrantsPanel.tsx';
import { TextModelTab } from './TextModelTab.tsx';
import { UsersTab } from './UsersTab.tsx';
import { RecomputeProgress, RuleEditButton, ThresholdsEditButton } from './RulesEditor.tsx';

function UnitsTab() {
  const units = useUnits();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  // The unit being edited, or null when adding a new one.
  const [editing, setEditing] = useState<Unit | null>(null);
  const [form] = Form.useForm();
  const [err, setErr] = useState<string | null>(null);
  if (units.isPending) return <Loading />;
  if (units.isError) return <ErrorState error={units.error} onRetry={() => units.refetch()} />;
  const byId = new Map(units.data.map((u) => [u.id, u.name]));
  const openFor = (u: Unit | null) => {
    setErr(null);
    setEditing(u);
    form.resetFields();
    if (u)
      form.setFieldsValue({
        name: u.name,
        parentId: u.parentId ?? undefined,
        kind: u.kind,
        insideDistrict: u.insideDistrict,
        sort: u.sort,
      });
    setOpen(true);
  };
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      const body = {
        name: v.name,
        parentId: v.parentId ?? null,
        insideDistrict: v.insideDistrict !== false,
        kind: v.kind || '部门',
        sort: v.sort ?? 0,
      };
      if (editing) await call(client.PUT('/api/v1/units/{id}', { params: { path: { id: editing.id } }, body }));
      else await call(client.POST('/api/v1/units', { body }));
      message.success(editing ? '已保存单位' : '已新增单位');
      setOpen(false);
      form.resetFields();
      qc.invalidateQueries({ queryKey: ['units'] });
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => openFor(null)}>
          新增单位
        </Button>
        <Typography.Text type="secondary">共 {fmtNum(units.data.length)} 个单位</Typography.Text>
      </Space>
      <Table<Unit>
        rowKey="id"
        size="small"
        dataSource={units.data}
        pagination={{ pageSize: 15 }}
        locale={{ emptyText: '暂无单位' }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '类别', dataIndex: 'kind', width: 100 },
          { title: '上级单位', dataIndex: 'parentId', render: (p: string | null) => (p ? (byId.get(p) ?? '—') : '—') },
          {
            title: '区内/区外',
            dataIndex: 'insideDistrict',
            width: 100,
            render: (x: boolean) => (x ? <Tag color="blue">区内</Tag> : <Tag>区外</Tag>),
          },
          { title: '排序', dataIndex: 'sort', width: 70 },
          {
            title: '操作',
            width: 80,
            render: (_, u) => (
              <Button size="small" type="link" onClick={() => openFor(u)} data-testid={`edit-unit-${u.name}`}>
                编辑
              </Button>
            ),
          },
        ]}
      />
      <Modal
        title={editing ? `编辑单位：${editing.name}` : '新增单位'}
        open={open}
        okText="保存"
        cancelText="取消"
        onOk={save}
        onCancel={() => setOpen(false)}
      >
        <Form form={form} layout="vertical" initialValues={{ insideDistrict: true, kind: '部门', sort: 0 }}>
          <Form.Item
            name="name"
            label="单位名称"
            rules={[{ required: true, whitespace: true, message: '请填写单位名称' }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="parentId" label="上级单位">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={units.data.filter((u) => u.id !== editing?.id).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="kind" label="类别">
            <Select options={['部门', '街道', '乡镇', '企业', '其他'].map((x) => ({ value: x, label: x }))} />
          </Form.Item>
          <Form.Item name="insideDistrict" valuePropName="checked">
            <Checkbox>区内单位</Checkbox>
          </Form.Item>
          <Form.Item name="sort" label="排序">
            <InputNumber precision={0} />
          </Form.Item>
        </Form>
        {err && <Alert type="error" showIcon message={err} />}
      </Modal>
    </>
  );
}

type RuleRow = Dto<'DeadlineRule'>;

function RulesTab() {
  const rules = useQuery({
    queryKey: ['rules'],
    queryFn: () => call(client.GET('/api/v1/rules')),
  });
  if (rules.isPending) return <Loading />;
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => rules.refetch()} />;
  const t = rules.data.thresholds;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return (
    <>
      <div style={{ marginBottom: 12 }}>
        <RecomputeProgress />
      </div>
      <Table<RuleRow>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={rules.data.rules}
        columns={[
          { title: '期限', dataIndex: 'name' },
          { title: '起算', dataIndex: 'startEvent', render: (s: string) => `自${s}之日起` },
          { title: '长度', render: (_, r) => `${fmtNum(r.length)} ${r.unit === 'calendar' ? '日' : '个工作日'}` },
          { title: '末日遇休息日顺延', dataIndex: 'rollForward', render: (x: boolean) => (x ? '是' : '否') },
          {
            title: '最长延期',
            dataIndex: 'maxExtensionDays',
            render: (x: number) => (x ? `${fmtNum(x)} 日` : '不可延期'),
          },
          { title: '依据', dataIndex: 'basis' },
          { title: '操作', width: 72, render: (_, r) => <RuleEditButton rule={r} rules={rules.data.rules} /> },
        ]}
      />
      {t && (
        <Typography.Paragraph style={{ marginTop: 12 }}>
          预警阈值（已用时间占期限的比例）：预警 {pct(t.notice)}，警告 {pct(t.warning)}，严重警告 {pct(t.severe)}
          ；超过期限为超期。 <ThresholdsEditButton thresholds={t} />
        </Typography.Paragraph>
      )}
    </>
  );
}

/** 管理: units, users, taxonomy, work calendar, deadline rules and the thresholds of 督办建议. */
export default function AdminPage() {
  const [tab, setTab] = useState('units');
  return (
    <Card title="系统管理">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'units', label: '责任单位', children: <UnitsTab /> },
          { key: 'users', label: '用户', children: <UsersTab /> },
          { key: 'grants', label: '权限申请', children: <GrantsPanel mode="admin" /> },
          { key: 'taxonomy', label: '内容分类', children: <TaxonomyTab /> },
          { key: 'calendar', label: '工作日历', children: <CalendarTab /> },
          { key: 'rules', label: '期限规则', children: <RulesTab /> },
          { key: 'suggestion-rules', label: '督办建议', children: <SuggestionRulesTab /> },
          { key: 'text-model', label: '分类模型', children: <TextModelTab /> },
          { key: 'doc-templates', label: '文书模板', children: <DocTemplatesTab /> },
          { key: 'jobs', label: '定时任务', children: <JobsTab /> },
          { key: 'outbox', label: '外发消息', children: <OutboxTab /> },
        ]}
      />
    </Card>
  );
}
