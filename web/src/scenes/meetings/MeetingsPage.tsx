import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography, message } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../api/client.ts';
import { useUnits } from '../../api/reference.ts';
import { type Body, call, client, type Dto } from '../../api/typed.ts';
import { ErrorState, Loading } from '../../components/states.tsx';

type MeetingRow = Dto<'MeetingListRow'>;
/** What a meeting is planned (or changed) with: the particulars, members, attendees and agenda. */
type MeetingBody = Body<'/api/v1/meetings', 'post'>;

export const MEETING_STATUS: Record<MeetingRow['status'], { label: string; color?: string }> = {
  planned: { label: '待召开', color: 'blue' },
  held: { label: '已召开', color: 'green' },
  cancelled: { label: '已取消' },
};

const KINDS: MeetingBody['kind'][] = ['全体会议', '专题会议', '协调会'];

export interface AgendaForm {
  title: string;
  numbers?: string;
  caseIds?: string[];
  note?: string;
}
export interface MeetingForm {
  kind: MeetingBody['kind'];
  title: string;
  date: string;
  time: string;
  place: string;
  convenorUserId?: string;
  convenorName: string;
  memberUnitIds: string[];
  attendees?: { name: string; unitId?: string; post?: string }[];
  agenda: AgendaForm[];
  requirements?: string;
}

/** Item numbers typed in the agenda (separated by commas or spaces) → ids; an unknown number stops the form. */
export async function itemIdsOf(numbers: string | undefined): Promise<string[]> {
  const out: string[] = [];
  for (const n of (numbers ?? '').split(/[,，、\s]+/).filter(Boolean)) {
    const found = await call(client.GET('/api/v1/items', { params: { query: { q: n, pageSize: 20 } } }));
    const hit = found.items.find((r) => r.number === n);
    if (!hit) throw new Error(`未找到编号为「${n}」的信访事项，请核对编号`);
    out.push(hit.id);
  }
  return out;
}

/** The body of a meeting from the form (agenda item numbers resolved to ids). */
export async function meetingBodyOf(v: MeetingForm): Promise<MeetingBody> {
  const agenda = [];
  for (const a of v.agenda ?? [])
    agenda.push({ title: a.title, itemIds: await itemIdsOf(a.numbers), caseIds: a.caseIds ?? [], note: a.note ?? '' });
  return {
    kind: v.kind,
    title: v.title,
    date: v.date,
    time: v.time,
    place: v.place,
    convenorUserId: v.convenorUserId ?? null,
    convenorName: v.convenorName,
    memberUnitIds: v.memberUnitIds,
    attendees: (v.attendees ?? []).map((a) => ({
      name: a.name,
      unitId: a.unitId ?? null,
      post: a.post ?? '',
      role: a.unitId && v.memberUnitIds.includes(a.unitId) ? ('member' as const) : ('attendee' as const),
    })),
    agenda,
    requirements: (v.requirements ?? '')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/** The form of a meeting's particulars, members, attendees and agenda (used to plan and to change one). */
export function MeetingFormFields() {
  const units = useUnits();
  const leaders = useQuery({
    queryKey: ['backlog', 'leaders'],
    queryFn: async () => (await call(client.GET('/api/v1/backlog/leaders'))).leaders,
  });
  const cases = useQuery({
    queryKey: ['backlog', 'cases', undefined],
    queryFn: () => call(client.GET('/api/v1/backlog/cases')),
  });
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const form = Form.useFormInstance<MeetingForm>();
  return (
    <>
      <Space wrap>
        <Form.Item name="kind" label="会议类型" rules={[{ required: true, message: '请选择会议类型' }]}>
          <Select style={{ width: 140 }} options={KINDS.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
        <Form.Item name="title" label="会议名称" rules={[{ required: true, message: '请填写会议名称' }]}>
          <Input style={{ width: 320 }} placeholder="如：住建领域信访问题协调" />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item
          name="date"
          label="会议日期"
          rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '日期格式 YYYY-MM-DD' }]}
        >
          <Input style={{ width: 140 }} placeholder="2026-12-08" />
        </Form.Item>
        <Form.Item
          name="time"
          label="时间"
          rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: '时间格式 HH:MM' }]}
        >
          <Input style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="place" label="地点" rules={[{ required: true, message: '请填写会议地点' }]}>
          <Input style={{ width: 260 }} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="convenorUserId" label="召集领导">
          <Select
            allowClear
            style={{ width: 180 }}
            loading={leaders.isPending}
            options={(leaders.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
            onChange={(id) => {
              const l = leaders.data?.find((x) => x.id === id);
              if (l) form.setFieldValue('convenorName', l.name);
            }}
          />
        </Form.Item>
        <Form.Item name="convenorName" label="召集人（称谓）" rules={[{ required: true, message: '请填写召集人' }]}>
          <Input style={{ width: 200 }} placeholder="如：刘副区长" />
        </Form.Item>
      </Space>
      <Form.Item name="memberUnitIds" label="成员单位" rules={[{ required: true, message: '至少选择一个成员单位' }]}>
        <Select mode="multiple" options={unitOptions} optionFilterProp="label" data-testid="meeting-units" />
      </Form.Item>
      <Typography.Text strong>参会人员</Typography.Text>
      <Form.List name="attendees">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '姓名' }]}>
                  <Input placeholder="姓名" style={{ width: 110 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'unitId']}>
                  <Select placeholder="单位" allowClear style={{ width: 200 }} options={unitOptions} />
                </Form.Item>
                <Form.Item name={[f.name, 'post']}>
                  <Input placeholder="职务" style={{ width: 120 }} />
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button
              type="dashed"
              size="small"
              icon={<PlusOutlined />}
              onClick={() => add()}
              style={{ marginBottom: 12 }}
            >
              添加参会人员（非成员单位人员为列席）
            </Button>
          </>
        )}
      </Form.List>
      <div>
        <Typography.Text strong>议题</Typography.Text>
      </div>
      <Form.List name="agenda">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Card
                key={f.key}
                size="small"
                style={{ marginBottom: 8 }}
                title={`议题 ${i + 1}`}
                extra={<MinusCircleOutlined onClick={() => remove(f.name)} />}
              >
                <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写议题' }]}>
                  <Input placeholder="议题，如：某小区逾期交房问题" />
                </Form.Item>
                <Form.Item name={[f.name, 'numbers']} label="信访事项编号">
                  <Input placeholder="多个编号用逗号分隔" />
                </Form.Item>
                <Form.Item name={[f.name, 'caseIds']} label="积案">
                  <Select
                    mode="multiple"
                    allowClear
                    optionFilterProp="label"
                    options={(cases.data?.cases ?? []).map((c) => ({ value: c.id, label: `${c.number} ${c.title}` }))}
                  />
                </Form.Item>
              </Card>
            ))}
            <Button
              type="dashed"
              size="small"
              icon={<PlusOutlined />}
              onClick={() => add({ title: '' })}
              style={{ marginBottom: 12 }}
            >
              添加议题
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="requirements" label="会议要求（每行一条，可不填）">
        <Input.TextArea rows={2} />
      </Form.Item>
    </>
  );
}

function CreateMeeting({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<MeetingForm>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: async (v: MeetingForm) => call(client.POST('/api/v1/meetings', { body: await meetingBodyOf(v) })),
    onSuccess: async (r) => {
      message.success('已安排会议');
      await qc.invalidateQueries({ queryKey: ['meetings'] });
      onClose();
      navigate(`/meetings/${r.id}`);
    },
  });
  return (
    <Modal
      open={open}
      title="安排联席会议"
      width={760}
      okText="保存"
      onCancel={onClose}
      confirmLoading={m.isPending}
      onOk={() => form.validateFields().then((v) => m.mutate(v))}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: '专题会议', time: '09:30', agenda: [{ title: '' }] }}
        data-testid="meeting-form"
      >
        <MeetingFormFields />
        {m.isError && (
          <Alert
            type="error"
            showIcon
            message={m.error instanceof Error && !('code' in m.error) ? m.error.message : errorText(m.error)}
          />
        )}
      </Form>
    </Modal>
  );
}

/** 联席会议: the meetings the user may see (the bureau plans them), with their tasks' progress. */
export default function MeetingsPage({ bureau }: { bureau: boolean }) {
  const units = useUnits();
  const [creating, setCreating] = useState(false);
  const q = useQuery({ queryKey: ['meetings'], queryFn: () => call(client.GET('/api/v1/meetings')) });
  const unitName = (id: string) => units.data?.find((u) => u.id === id)?.name ?? id;
  return (
    <div data-testid="meetings-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4}>信访工作联席会议</Typography.Title>
        {bureau && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            安排会议
          </Button>
        )}
      </Space>
      {q.isPending && <Loading />}
      {q.isError && <ErrorState error={q.error} onRetry={() => q.refetch()} />}
      {q.data && (
        <Table
          size="small"
          rowKey="id"
          dataSource={q.data.meetings}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: bureau ? '暂无会议，点击「安排会议」开始' : '暂无与本单位有关的会议' }}
          columns={[
            { title: '日期', width: 150, render: (_, r) => `${r.date} ${r.time}` },
            { title: '类型', dataIndex: 'kind', width: 90 },
            { title: '会议名称', render: (_, r) => <Link to={`/meetings/${r.id}`}>{r.title}</Link> },
            { title: '召集人', dataIndex: 'convenorName', width: 110 },
            {
              title: '成员单位',
              render: (_, r) => (
                <Typography.Text ellipsis style={{ maxWidth: 260 }}>
                  {r.memberUnitIds.map(unitName).join('、')}
                </Typography.Text>
              ),
            },
            { title: '议题', dataIndex: 'agendaCount', width: 60 },
            {
              title: '任务',
              width: 150,
              render: (_, r) =>
                r.tasks.total ? (
                  <Space size={4}>
                    <span>
                      已落实 {r.tasks.done}/{r.tasks.total}
                    </span>
                    {r.tasks.overdue > 0 && <Tag color="red">逾期 {r.tasks.overdue}</Tag>}
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: '状态',
              width: 90,
              render: (_, r) => <Tag color={MEETING_STATUS[r.status].color}>{MEETING_STATUS[r.status].label}</Tag>,
            },
          ]}
        />
      )}
      <CreateMeeting open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
