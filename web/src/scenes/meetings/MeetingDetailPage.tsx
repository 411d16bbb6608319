import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { errorText } from '../../api/client.ts';
import { type Body, call, client, type Dto, type Ok } from '../../api/typed.ts';
import { useUnits } from '../../api/reference.ts';
import { EditMeetingModal } from './EditMeetingModal.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { MEETING_STATUS } from './MeetingsPage.tsx';

type Detail = Ok<'/api/v1/meetings/{id}', 'get'>;
type Task = Dto<'MeetingTaskView'>;
/** The 纪要 form's values: each field is required there, so they are the body the route takes. */
type MinutesForm = Pick<Body<'/api/v1/meetings/{id}/minutes', 'post'>, 'minutes' | 'decisions'>;

const TASK_STATUS: Record<Task['status'], string> = { open: '待反馈', reported: '已反馈待审核', done: '已落实' };
const DATE = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '日期格式 YYYY-MM-DD' };

function MinutesModal({ d, onClose }: { d: Detail; onClose: () => void }) {
  const units = useUnits();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const m = useMutation({
    mutationFn: (v: MinutesForm) =>
      call(
        client.POST('/api/v1/meetings/{id}/minutes', {
          params: { path: { id: d.id } },
          body: {
            version: d.version,
            minutes: v.minutes,
            decisions: v.decisions.map((x) => ({ ...x, tasks: x.tasks ?? [] })),
          },
        }),
      ),
    onSuccess: async () => {
      message.success('已录入会议纪要');
      await qc.invalidateQueries({ queryKey: ['meeting', d.id] });
      await qc.invalidateQueries({ queryKey: ['meetings'] });
      onClose();
    },
  });
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  return (
    <Modal
      open
      width={760}
      title="录入会议纪要"
      okText="保存纪要"
      onCancel={onClose}
      confirmLoading={m.isPending}
      onOk={() => form.validateFields().then((v) => m.mutate(v))}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ decisions: [{ text: '', tasks: [{}] }] }}
        data-testid="minutes-form"
      >
        <Form.Item
          name="minutes"
          label="纪要正文（段落之间空一行）"
          rules={[{ required: true, message: '请填写会议纪要' }]}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.List name="decisions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card
                  key={f.key}
                  size="small"
                  title={`议定事项 ${i + 1}`}
                  style={{ marginBottom: 8 }}
                  extra={<MinusCircleOutlined onClick={() => remove(f.name)} />}
                >
                  <Form.Item name={[f.name, 'text']} rules={[{ required: true, message: '请填写议定事项' }]}>
                    <Input.TextArea rows={2} placeholder="议定事项" />
                  </Form.Item>
                  <Form.List name={[f.name, 'tasks']}>
                    {(tf, t) => (
                      <>
                        {tf.map((x) => (
                          <Space key={x.key} align="baseline" wrap>
                            <Form.Item name={[x.name, 'text']} rules={[{ required: true, message: '任务' }]}>
                              <Input placeholder="任务" style={{ width: 260 }} />
                            </Form.Item>
                            <Form.Item name={[x.name, 'ownerUnitId']} rules={[{ required: true, message: '责任单位' }]}>
                              <Select
                                placeholder="责任单位"
                                style={{ width: 190 }}
                                options={unitOptions}
                                optionFilterProp="label"
                                showSearch
                              />
                            </Form.Item>
                            <Form.Item name={[x.name, 'dueOn']} rules={[{ required: true, ...DATE }]}>
                              <Input placeholder="完成时限 YYYY-MM-DD" style={{ width: 170 }} />
                            </Form.Item>
                            <MinusCircleOutlined onClick={() => t.remove(x.name)} />
                          </Space>
                        ))}
                        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => t.add()}>
                          添加任务（责任单位和完成时限）
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ text: '', tasks: [{}] })}>
                添加议定事项
              </Button>
            </>
          )}
        </Form.List>
        {m.isError && <Alert style={{ marginTop: 8 }} type="error" showIcon message={errorText(m.error)} />}
      </Form>
    </Modal>
  );
}

type TaskAction = { task: Task; mode: 'report' | 'return' } | null;

function TaskModal({ d, action, onClose }: { d: Detail; action: NonNullable<TaskAction>; onClose: () => void }) {
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const m = useMutation({
    mutationFn: (v: { text?: string; note?: string; newDueOn?: string }) => {
      const params = { path: { id: d.id, taskId: action.task.id } };
      return action.mode === 'report'
        ? call(
            client.POST('/api/v1/meetings/{id}/tasks/{taskId}/report', {
              params,
              body: { version: action.task.version, text: v.text ?? '' },
            }),
          )
        : call(
            client.POST('/api/v1/meetings/{id}/tasks/{taskId}/review', {
              params,
              body: { version: action.task.version, accept: false, note: v.note, newDueOn: v.newDueOn },
            }),
          );
    },
    onSuccess: async () => {
      message.success(action.mode === 'report' ? '已反馈' : '已退回');
      await qc.invalidateQueries({ queryKey: ['meeting', d.id] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={action.mode === 'report' ? '反馈落实情况' : '退回并重新限期'}
      onCancel={onClose}
      confirmLoading={m.isPending}
      onOk={() => form.validateFields().then((v) => m.mutate(v))}
    >
      <Typography.Paragraph>{action.task.text}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        {action.mode === 'report' ? (
          <Form.Item name="text" label="落实情况" rules={[{ required: true, message: '请填写落实情况' }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="note" label="退回理由和要求" rules={[{ required: true, message: '请说明理由' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="newDueOn" label="新的完成时限" rules={[{ required: true, ...DATE }]}>
              <Input placeholder="YYYY-MM-DD" />
            </Form.Item>
          </>
        )}
        {m.isError && <Alert type="error" showIcon message={errorText(m.error)} />}
      </Form>
    </Modal>
  );
}

/** One meeting: particulars, attendees, agenda with its items and 积案, 纪要, decisions and their tasks. */
export default function MeetingDetailPage() {
  const { id = '' } = useParams();
  const units = useUnits();
  const qc = useQueryClient();
  const [minuting, setMinuting] = useState(false);
  const [taskAction, setTaskAction] = useState<TaskAction>(null);
  const [cancelReason, setCancelReason] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: ['meeting', id],
    queryFn: () => call(client.GET('/api/v1/meetings/{id}', { params: { path: { id } } })),
  });
  const unitName = (u: string | null) => (u ? (units.data?.find((x) => x.id === u)?.name ?? u) : '');
  const accept = useMutation({
    mutationFn: (t: Task) =>
      call(
        client.POST('/api/v1/meetings/{id}/tasks/{taskId}/review', {
          params: { path: { id, taskId: t.id } },
          body: { version: t.version, accept: true },
        }),
      ),
    onSuccess: async () => {
      message.success('已确认落实');
      await qc.invalidateQueries({ queryKey: ['meeting', id] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  const cancel = useMutation({
    mutationFn: (reason: string) =>
      call(
        client.POST('/api/v1/meetings/{id}/cancel', {
          params: { path: { id } },
          body: { version: q.data!.version, reason },
        }),
      ),
    onSuccess: async () => {
      message.success('会议已取消');
      setCancelReason(null);
      await qc.invalidateQueries({ queryKey: ['meeting', id] });
      await qc.invalidateQueries({ queryKey: ['meetings'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const ab = d.abilities;
  const people = (role: 'member' | 'attendee') =>
    d.attendees
      .filter((a) => a.role === role)
      .map((a) => [unitName(a.unitId), a.post, a.name].filter(Boolean).join(''))
      .join('、') || '—';
  return (
    <div data-testid="meeting-detail">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4}>
          <Link to="/meetings">联席会议</Link> / {d.title}{' '}
          <Tag color={MEETING_STATUS[d.status].color}>{MEETING_STATUS[d.status].label}</Tag>
        </Typography.Title>
        <Space wrap>
          {d.status !== 'cancelled' && (
            <Button href={`/api/v1/meetings/${id}/documents/notice`} data-testid="meeting-doc-notice">
              会议通知（Word）
            </Button>
          )}
          {ab.minutesDocument && (
            <Button href={`/api/v1/meetings/${id}/documents/minutes`} data-testid="meeting-doc-minutes">
              会议纪要（Word）
            </Button>
          )}
          {ab.minutes && (
            <Button type="primary" onClick={() => setMinuting(true)}>
              录入会议纪要
            </Button>
          )}
          {ab.edit && (
            <Button onClick={() => setEditing(true)} data-testid="meeting-edit">
              修改会议安排
            </Button>
          )}
          {ab.cancel && (
            <Button danger onClick={() => setCancelReason('')}>
              取消会议
            </Button>
          )}
        </Space>
      </Space>
      {d.cancelled && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`会议已于 ${d.cancelled.on} 取消：${d.cancelled.reason}`}
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={2}>
          <Descriptions.Item label="会议类型">{d.kind}</Descriptions.Item>
          <Descriptions.Item label="时间">{`${d.date} ${d.time}`}</Descriptions.Item>
          <Descriptions.Item label="地点">{d.place}</Descriptions.Item>
          <Descriptions.Item label="召集人">{d.convenor.name}</Descriptions.Item>
          <Descriptions.Item label="成员单位" span={2}>
            {d.memberUnitIds.map(unitName).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label="出席人员" span={2}>
            {people('member')}
          </Descriptions.Item>
          <Descriptions.Item label="列席人员" span={2}>
            {people('attendee')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="议题" style={{ marginBottom: 12 }}>
        {d.agenda.map((a) => (
          <div key={a.ord} style={{ padding: '4px 0' }} data-testid="agenda-entry">
            <Typography.Text strong>
              {a.ord}．{a.title}
            </Typography.Text>
            <Space size={8} wrap style={{ marginLeft: 12 }}>
              {a.cases.map((c) => (
                <Tag key={c.id} color="purple">
                  {c.number} {c.title}
                </Tag>
              ))}
              {a.items.map((i) => (
                <Link key={i.id} to={`/items/${i.id}`}>
                  {i.number} {i.title}
                </Link>
              ))}
            </Space>
            {a.note && <div style={{ color: '#666' }}>{a.note}</div>}
          </div>
        ))}
        {d.hiddenLinks > 0 && (
          <Typography.Text type="secondary">另有 {d.hiddenLinks} 件关联事项或积案不在本单位查看范围内</Typography.Text>
        )}
      </Card>
      {d.minutes && (
        <Card size="small" title={`会议纪要 ${d.minutesNumber ?? ''}（${d.minutes.on}）`} style={{ marginBottom: 12 }}>
          {d.minutes.text.split(/\n\s*\n/).map((p, i) => (
            <Typography.Paragraph key={i}>{p}</Typography.Paragraph>
          ))}
          <Typography.Text strong>议定事项</Typography.Text>
          <ol>
            {d.decisions.map((x) => (
              <li key={x.ord}>{x.text}</li>
            ))}
          </ol>
        </Card>
      )}
      {d.status === 'held' && (
        <Card size="small" title="任务分工与落实" data-testid="meeting-tasks">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.tasks}
            locale={{ emptyText: '暂无本单位的任务' }}
            columns={[
              { title: '议定事项', width: 80, render: (_, t) => `第 ${t.decisionOrd} 项` },
              { title: '任务', dataIndex: 'text' },
              { title: '责任单位', width: 150, render: (_, t) => unitName(t.ownerUnitId) },
              {
                title: '完成时限',
                width: 150,
                render: (_, t) => (
                  <Space size={4}>
                    {t.dueOn}
                    {t.overdue && <Tag color="red">逾期</Tag>}
                  </Space>
                ),
              },
              {
                title: '状态',
                width: 120,
                render: (_, t) => <Tag color={t.status === 'done' ? 'green' : undefined}>{TASK_STATUS[t.status]}</Tag>,
              },
              {
                title: '落实情况',
                render: (_, t) => t.reports.at(-1)?.text ?? '—',
              },
              {
                title: '',
                width: 150,
                render: (_, t) => (
                  <Space size={4}>
                    {ab.report === t.ownerUnitId && t.status === 'open' && (
                      <Button size="small" onClick={() => setTaskAction({ task: t, mode: 'report' })}>
                        反馈
                      </Button>
                    )}
                    {ab.review && t.status === 'reported' && (
                      <>
                        <Button size="small" type="primary" loading={accept.isPending} onClick={() => accept.mutate(t)}>
                          确认落实
                        </Button>
                        <Button size="small" onClick={() => setTaskAction({ task: t, mode: 'return' })}>
                          退回
                        </Button>
                      </>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      {minuting && <MinutesModal d={d} onClose={() => setMinuting(false)} />}
      {taskAction && <TaskModal d={d} action={taskAction} onClose={() => setTaskAction(null)} />}
      <EditMeetingModal d={d} open={editing} onClose={() => setEditing(false)} />
      <Modal
        open={cancelReason !== null}
        title="取消会议"
        okText="确认取消"
        okButtonProps={{ danger: true, disabled: !cancelReason?.trim() }}
        confirmLoading={cancel.isPending}
        onCancel={() => setCancelReason(null)}
        onOk={() => cancel.mutate(cancelReason ?? '')}
      >
        <Input.TextArea
          rows={3}
          placeholder="取消理由"
          value={cancelReason ?? ''}
          onChange={(e) => setCancelReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}
